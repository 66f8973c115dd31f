import type { DeliveryOutcome } from './delivery-outcome.js';
import { outcomeOfFailure, outcomeOfStatus } from './delivery-outcome.js';

export interface DeliveryRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/**
 * POSTs one delivery and classifies the answer. Redirects are never followed (a 3xx is the answer),
 * and the whole exchange is cut at `timeoutMs`. Never throws: a failure is an outcome.
 */
export async function deliverWebhook(request: DeliveryRequest, fetchImpl: typeof fetch = fetch): Promise<DeliveryOutcome> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  let response: Response;
  try {
    response = await fetchImpl(request.url, { method: 'POST', body: request.body, headers: request.headers, redirect: 'manual', signal });
  } catch (error) {
    return outcomeOfFailure(request.url, error, request.timeoutMs);
  }
  // Read (and drop) the answer so the connection can be reused; the status has already decided.
  await response.arrayBuffer().catch(() => undefined);
  return outcomeOfStatus(request.url, response.status, response.statusText, response.headers.get('location'));
}
