import { EventEmitter } from 'node:events';
import { buildApp } from 'fauxqs';
import { unquoteETag } from '../../../functions/events/etag.js';
import { deleteObjectsKeys, plainPutFacts, s3EventNameOf, type S3EventName } from './s3-operations.js';

/** An object that was created or removed through the S3 API, with what S3 puts in its notification. */
export interface ObjectEvent {
  readonly bucket: string;
  /** The key as stored (not encoded). */
  readonly key: string;
  readonly eventName: S3EventName;
  readonly size?: number;
  /** Without quotes. */
  readonly eTag?: string;
  readonly time: Date;
  readonly requestId: string;
  readonly sourceIp: string;
}

/** A successful write or delete whose object event could not be built: its notification is not sent. */
export interface ObjectEventError {
  readonly bucket: string;
  readonly key: string;
  readonly error: Error;
}

export interface EmulatorEvents {
  object: [ObjectEvent];
  objectEventError: [ObjectEventError];
}

export interface EmbeddedEmulator {
  /** `http://127.0.0.1:<port>`, for S3 (path style) and SQS. */
  readonly endpoint: string;
  readonly port: number;
  /** Emits `object` after each successful object write or delete, once the response is sent. */
  readonly events: EventEmitter<EmulatorEvents>;
  stop(): Promise<void>;
}

export interface EmbeddedEmulatorOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Region fauxqs assumes when a request does not say. @default 'us-east-1' */
  readonly defaultRegion?: string;
}

/** What the hook reads of a request fauxqs answered. */
interface RequestFacts {
  readonly method: string;
  readonly query: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  readonly ip: string;
}

/**
 * fauxqs (S3 + SQS wire protocols) in this process, with a response hook that turns successful
 * object writes into object events: fauxqs itself accepts notification configurations and
 * delivers nothing, so the kit's event router does what S3 would with these events.
 */
export async function startEmbeddedEmulator(options: EmbeddedEmulatorOptions = {}): Promise<EmbeddedEmulator> {
  const host = options.host ?? '127.0.0.1';
  const app = buildApp({ logger: false, ...(options.defaultRegion ? { defaultRegion: options.defaultRegion } : {}) });
  const events = new EventEmitter<EmulatorEvents>();

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode < 200 || reply.statusCode >= 300) return;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const bucket = params.bucket;
    if (!bucket) return;
    try {
      await emitObjectEvents(request, reply, bucket, params['*'] ?? '');
    } catch (error) {
      events.emit('objectEventError', { bucket, key: params['*'] ?? '', error: error instanceof Error ? error : new Error(String(error)) });
    }
  });

  /** The object events of one successful S3 request (none for reads and bucket calls). */
  async function emitObjectEvents(request: RequestFacts, reply: { getHeader(name: string): unknown }, bucket: string, key: string): Promise<void> {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const requestId = String(reply.getHeader('x-amz-request-id') ?? '');
    const base = { bucket, time: new Date(), requestId, sourceIp: request.ip };
    if (request.method === 'POST' && 'delete' in query && !key) {
      for (const deleted of deleteObjectsKeys(request.body as Buffer | undefined)) events.emit('object', { ...base, key: deleted, eventName: 'ObjectRemoved:Delete' });
      return;
    }
    const eventName = s3EventNameOf({ method: request.method, key, query, headers: request.headers });
    if (!eventName) return;
    if (eventName === 'ObjectRemoved:Delete') {
      events.emit('object', { ...base, key, eventName });
      return;
    }
    // Size and ETag as stored: from the request and reply of a plain PutObject, else read back
    // through fauxqs itself (no network hop, but a full request: about 0.7 ms on the path to the queue).
    const stored = plainPutFacts(request.method, request.headers, request.body, reply.getHeader('etag'));
    if (stored) {
      events.emit('object', { ...base, key, eventName, ...stored });
      return;
    }
    const head = await app.inject({ method: 'HEAD', url: `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}` });
    // Deleted again before it could be read back: nothing left to describe. Any other answer is an error.
    if (head.statusCode === 404) return;
    if (head.statusCode !== 200) throw new Error(`HEAD of the written object answered ${head.statusCode}`);
    events.emit('object', {
      ...base,
      key,
      eventName,
      size: Number(head.headers['content-length'] ?? 0),
      eTag: unquoteETag(String(head.headers.etag ?? '')),
    });
  }

  const address = await app.listen({ port: options.port ?? 0, host });
  const port = Number(new URL(address).port);
  return {
    endpoint: `http://${host}:${port}`,
    port,
    events,
    stop: async () => {
      events.removeAllListeners();
      await app.close();
    },
  };
}
