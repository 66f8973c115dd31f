import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testCredentials, testRegion } from './emulator.js';

// dynalite ships no types: its factory, as used here (in memory, tables active at once).
const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;

export interface Dynalite {
  readonly endpoint: string;
  readonly dynamodb: DynamoDBClient;
  /** A metadata table as the Terraform declares it: `sourceKey` (S) + `etag` (S), on demand. */
  createMetadataTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** An in-memory dynalite (a DynamoDB-compatible server) on a free port, plus a real client. */
export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((listening, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => listening());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dynamodb = new DynamoDBClient({ endpoint, region: testRegion, credentials: testCredentials });
  return {
    endpoint,
    dynamodb,
    async createMetadataTable(name) {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'sourceKey', AttributeType: 'S' },
            { AttributeName: 'etag', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'sourceKey', KeyType: 'HASH' },
            { AttributeName: 'etag', KeyType: 'RANGE' },
          ],
        }),
      );
    },
    async stop() {
      dynamodb.destroy();
      await new Promise<void>((closed, fail) => server.close((error) => (error ? fail(error) : closed())));
    },
  };
}
