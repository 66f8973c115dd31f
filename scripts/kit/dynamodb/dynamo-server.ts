import { CreateTableCommand, DynamoDBClient, ResourceInUseException, type AttributeDefinition, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';
import type { DynamoTablePlan } from '../terraform/kit-plan.js';

/** DynamoDB for the stack's tables: dynalite in this process, on 127.0.0.1 port 0, data in memory. */
export interface DynamoServer {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** Creates each table from its key schema (idempotent: one that exists is left as it is). */
  createTables(tables: readonly Pick<DynamoTablePlan, 'name' | 'hashKey' | 'rangeKey'>[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startDynamoServer(options: { region: string; credentials: { accessKeyId: string; secretAccessKey: string } }): Promise<DynamoServer> {
  // Tables are ACTIVE at once (dynalite's default keeps them CREATING for 500 ms).
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: options.region, credentials: options.credentials });
  return {
    endpoint,
    client,
    createTables: async (tables) => {
      for (const table of tables) {
        const keys = [table.hashKey, ...(table.rangeKey ? [table.rangeKey] : [])];
        const keySchema: KeySchemaElement[] = keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' }));
        const definitions: AttributeDefinition[] = keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type }));
        try {
          await client.send(new CreateTableCommand({ TableName: table.name, BillingMode: 'PAY_PER_REQUEST', KeySchema: keySchema, AttributeDefinitions: definitions }));
        } catch (error) {
          if (!(error instanceof ResourceInUseException)) throw error;
        }
      }
    },
    stop: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
