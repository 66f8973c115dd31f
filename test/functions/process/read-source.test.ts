import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputTooLargeError } from '../../../functions/core/errors.js';
import { readSource } from '../../../functions/process/read-source.js';
import { testCredentials, testRegion } from '../../support/emulator.js';

const chunk = Buffer.alloc(64 * 1024, 7);

/**
 * An S3 endpoint that answers GetObject with a chunked body (no Content-Length, as a proxy or a
 * compressing endpoint may): `chunks` chunks of 64 KiB, written one at a time as the reader
 * drains them. Records, per request, whether the reader hung up before the whole body was sent.
 */
function chunkedS3(): { server: Server; chunks: number; abandoned: Promise<boolean>[] } {
  const state = { server: undefined as unknown as Server, chunks: 4, abandoned: [] as Promise<boolean>[] };
  state.server = createServer((_, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'image/jpeg', ETag: '"0123456789abcdef0123456789abcdef"' });
    let sent = 0;
    const finished = new Promise<boolean>((resolve) => res.on('close', () => resolve(!res.writableFinished)));
    state.abandoned.push(finished);
    const pump = (): void => {
      while (sent < state.chunks) {
        sent += 1;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
  return state;
}

describe('readSource without a Content-Length (a chunked response)', () => {
  const s3Server = chunkedS3();
  let s3: S3Client;
  const item = { bucket: 'imgpipe-dev-uploads-123456789012', key: 'images/streamed.jpg', eventName: 'ObjectCreated:Put' };

  beforeAll(async () => {
    s3Server.server.listen(0, '127.0.0.1');
    await once(s3Server.server, 'listening');
    const { port } = s3Server.server.address() as AddressInfo;
    s3 = new S3Client({ endpoint: `http://127.0.0.1:${port}`, region: testRegion, credentials: testCredentials, forcePathStyle: true });
  });
  afterAll(async () => {
    s3.destroy();
    s3Server.server.close();
    await once(s3Server.server, 'close');
  });
  beforeEach(() => {
    s3Server.abandoned.length = 0;
  });

  it('reads a body within the limit whole, with the ETag unquoted', async () => {
    s3Server.chunks = 4;

    const source = await readSource(s3, item, 4 * chunk.length);

    expect(source.body.length).toBe(4 * chunk.length);
    expect(source.eTag).toBe('0123456789abcdef0123456789abcdef');
    expect(await s3Server.abandoned[0]).toBe(false);
  });

  it('stops reading once the body passes the limit, and hangs up instead of downloading the rest', async () => {
    // 64 MiB on offer, 200 KiB allowed: the guard must refuse after a few chunks.
    s3Server.chunks = 1024;

    const error = await readSource(s3, item, 200 * 1024).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(InputTooLargeError);
    expect((error as InputTooLargeError).message).toMatch(/^images\/streamed\.jpg: \d+ bytes exceeds the limit of 204800 bytes$/);
    expect(await s3Server.abandoned[0]).toBe(true);
  });
});
