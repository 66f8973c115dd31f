declare module 'dynalite' {
  import type { Server } from 'node:http';
  /** dynalite 4: a DynamoDB-compatible HTTP server over an in-memory LevelDB (options used by the kit only). */
  export default function dynalite(options?: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number; maxItemSizeKb?: number }): Server;
}
