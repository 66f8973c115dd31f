import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoServer } from '../../scripts/kit/dynamodb/dynamo-server.js';
import { testCredentials, testRegion } from './emulator.js';

export interface Dynalite {
  readonly endpoint: string;
  readonly dynamodb: DynamoDBClient;
  /** A metadata table as the Terraform declares it: `sourceKey` (S) + `etag` (S), on demand. */
  createMetadataTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** The kit's in-memory dynalite (a DynamoDB-compatible server) on a free port, plus a real client. */
export async function startDynalite(): Promise<Dynalite> {
  const server = await startDynamoServer({ region: testRegion, credentials: testCredentials });
  return {
    endpoint: server.endpoint,
    dynamodb: server.client,
    createMetadataTable: (name) =>
      server.createTables([{ name, hashKey: { name: 'sourceKey', type: 'S' }, rangeKey: { name: 'etag', type: 'S' } }]),
    stop: () => server.stop(),
  };
}
