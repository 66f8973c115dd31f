import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** How the receiver answers one request: a status (and headers), or no answer at all until the client gives up. */
export type ReceiverAnswer = { readonly status: number; readonly headers?: Readonly<Record<string, string>> } | 'hang';

export interface ReceivedDelivery {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** `Authorization: Token <one of the accepted tokens>`. */
  readonly tokenOk: boolean;
  /** The Standard Webhooks signature verified with `standardwebhooks`' `Webhook.verify`. */
  readonly signatureOk: boolean;
  /** The status answered, or `cut by client` when the sender closed the connection first. */
  readonly answered: number | 'cut by client';
}

export interface ReceiverOptions {
  readonly signingSecret: string;
  /** Tokens accepted in `Authorization: Token <token>`. */
  readonly tokens: readonly string[];
  /** Answers in order, one per request; after the last, 200. Requests failing the token or signature check get 401 first. */
  readonly answers?: readonly ReceiverAnswer[];
  /** @default 0 (a free port) */
  readonly port?: number;
}

/**
 * A subscriber's endpoint on 127.0.0.1: checks the token and the signature like a real app would
 * (401 when either is wrong), answers from a script, and records every delivery (`delivery` event).
 */
export class WebhookReceiver extends EventEmitter<{ delivery: [ReceivedDelivery] }> {
  readonly deliveries: ReceivedDelivery[] = [];
  private readonly answers: ReceiverAnswer[];
  private readonly server = createServer((request, response) => void this.receive(request, response));

  private constructor(private readonly options: ReceiverOptions) {
    super();
    this.answers = [...(options.answers ?? [])];
  }

  static async start(options: ReceiverOptions): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(options);
    receiver.server.listen(options.port ?? 0, '127.0.0.1');
    await once(receiver.server, 'listening');
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/images`;
  }

  /** Resolves once `count` deliveries have been recorded. */
  async waitForDeliveries(count: number): Promise<ReceivedDelivery[]> {
    while (this.deliveries.length < count) await once(this, 'delivery');
    return this.deliveries.slice(0, count);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    const tokenOk = this.options.tokens.some((token) => headers.authorization === `Token ${token}`);
    const signatureOk = verifies(this.options.signingSecret, body, headers);
    const scripted = this.answers.shift() ?? { status: 200 };
    const answer: ReceiverAnswer = tokenOk && signatureOk ? scripted : { status: 401 };
    if (answer === 'hang') {
      response.on('close', () => this.record({ headers, body, tokenOk, signatureOk, answered: 'cut by client' }));
      return;
    }
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end('{}');
    this.record({ headers, body, tokenOk, signatureOk, answered: answer.status });
  }

  private record(delivery: ReceivedDelivery): void {
    this.deliveries.push(delivery);
    this.emit('delivery', delivery);
  }
}

/** Whether `standardwebhooks` accepts the delivery's signature. */
export function verifies(signingSecret: string, body: string, headers: Readonly<Record<string, string>>): boolean {
  try {
    new Webhook(signingSecret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}
