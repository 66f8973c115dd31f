import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { WebhookSecret } from './webhook-secret.js';

/** How a receiver answers one delivery: a status (with headers, after `delayMs`), or never (`hang`: until the sender gives up). */
export type ReceiverAnswer = number | { readonly status: number; readonly delayMs?: number; readonly headers?: Readonly<Record<string, string>> } | 'hang';

export interface ReceiverOptions {
  /** Answer 401 to a request whose token or signature is wrong, as the subscriber's app would. @default false (answer as told, record it as not verified) */
  readonly refuseUnverified?: boolean;
  /** @default 0 (a free port) */
  readonly port?: number;
}

/** One POST a receiver got, whatever it answered. */
export interface WebhookDelivery {
  readonly subscriptionId: string;
  /** The `webhook-id` header ('' when missing). */
  readonly webhookId: string;
  /** 1 for the first request with this webhook-id at this receiver, 2 for the next, ... */
  readonly attempt: number;
  /** What the receiver answered; undefined when the sender closed the connection first (a timeout). */
  readonly status?: number;
  /** Token and signature both right. */
  readonly verified: boolean;
  /** Why not, when not verified (wrong token, the standardwebhooks error). */
  readonly unverifiedReason?: string;
  readonly body: string;
  /** The body parsed, when it is JSON. */
  readonly payload?: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: number;
}

/**
 * A subscriber on 127.0.0.1 (port 0) standing in for a webhook URL: checks `Authorization: Token`
 * and the Standard Webhooks signature with the subscription's secret, records every delivery, and
 * answers as told (`answerWith`: 200 by default; the last answer given repeats).
 */
export class WebhookReceiver extends EventEmitter<{ delivery: [WebhookDelivery] }> {
  readonly deliveries: WebhookDelivery[] = [];
  private answers: ReceiverAnswer[] = [200];
  private readonly server: Server;
  private readonly webhook: Webhook;
  private url?: string;

  constructor(
    readonly subscriptionId: string,
    private readonly secret: WebhookSecret,
    /** The path of the subscription's real URL, kept so the request looks as it would. */
    private readonly path = '/',
    private readonly options: ReceiverOptions = {},
  ) {
    super();
    this.webhook = new Webhook(secret.signingSecret);
    this.server = createServer((req, res) => {
      void this.receive(req).then(async (delivery) => {
        const answer = !delivery.verified && options.refuseUnverified ? 401 : this.nextAnswer();
        const status = answer === 'hang' ? undefined : typeof answer === 'number' ? answer : answer.status;
        const delayMs = typeof answer === 'object' ? (answer.delayMs ?? 0) : 0;
        const headers = typeof answer === 'object' ? (answer.headers ?? {}) : {};
        if (status !== undefined && delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        const gone = res.destroyed || req.socket.destroyed;
        if (status !== undefined && !gone) res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(status < 300 ? 'ok' : `answered ${status}`);
        // A hung request ends when the sender closes it (its timeout); the delivery is recorded then.
        if (status === undefined && !gone) await new Promise((resolve) => res.once('close', resolve));
        this.record({ ...delivery, ...(status !== undefined && !gone ? { status } : {}) });
      });
    });
  }

  /** The URL the notify function is pointed at. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.path}`;
    return this.url;
  }

  get endpoint(): string {
    if (!this.url) throw new Error(`the receiver of ${this.subscriptionId} is not listening`);
    return this.url;
  }

  /** Answers for the next deliveries, in order; the last one repeats (`answerWith(500, 200)`: one 500, then 200s). */
  answerWith(...answers: ReceiverAnswer[]): void {
    this.answers = answers.length > 0 ? [...answers] : [200];
  }

  /** Resolves once `count` deliveries have been recorded: the first `count`. */
  async waitForDeliveries(count: number): Promise<WebhookDelivery[]> {
    while (this.deliveries.length < count) await once(this, 'delivery');
    return this.deliveries.slice(0, count);
  }

  /** Verified deliveries answered 2xx, by webhook-id. */
  accepted(webhookId?: string): WebhookDelivery[] {
    return this.deliveries.filter((d) => d.verified && d.status !== undefined && d.status >= 200 && d.status < 300 && (webhookId === undefined || d.webhookId === webhookId));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextAnswer(): ReceiverAnswer {
    return this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
  }

  private record(delivery: WebhookDelivery): void {
    this.deliveries.push(delivery);
    this.emit('delivery', delivery);
  }

  private async receive(req: IncomingMessage): Promise<WebhookDelivery> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      // The sender went away mid-body: what arrived is recorded (and will not verify).
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
    const webhookId = headers['webhook-id'] ?? '';
    const unverifiedReason = this.check(req.method ?? '', headers, body);
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      payload = undefined;
    }
    return {
      subscriptionId: this.subscriptionId,
      webhookId,
      attempt: this.deliveries.filter((d) => d.webhookId === webhookId).length + 1,
      verified: unverifiedReason === undefined,
      ...(unverifiedReason !== undefined ? { unverifiedReason } : {}),
      body,
      ...(payload !== undefined ? { payload } : {}),
      headers,
      receivedAt: Date.now(),
    };
  }

  /** Why the request is not one the subscriber should trust, or undefined when it is. */
  private check(method: string, headers: Readonly<Record<string, string>>, body: string): string | undefined {
    if (method !== 'POST') return `method ${method}, not POST`;
    if (headers.authorization !== `Token ${this.secret.token}`) return headers.authorization ? 'wrong Authorization token' : 'no Authorization header';
    try {
      this.webhook.verify(body, headers);
      return undefined;
    } catch (error) {
      return `signature: ${(error as Error).message}`;
    }
  }
}
