import { readReply, type UploadAnswer } from './upload-image.js';

/**
 * `POST /executions {"key"}` as a client would: starts the state machine on an object already in the
 * uploads bucket. Accepted (200 with `executionArn`) it answers like an accepted upload, with the
 * outputs the key will have; refused, with the API's status and message.
 */
export async function startExecutionFor(executionsUrl: string, key: string, outputs: readonly string[], apiKey: string | undefined): Promise<UploadAnswer> {
  const reply = await fetch(executionsUrl, {
    method: 'POST',
    body: JSON.stringify({ key }),
    headers: { 'Content-Type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
  });
  const { at, text, json } = await readReply(reply);
  if (reply.status === 200 && typeof json.executionArn === 'string') return { accepted: true, status: reply.status, key, outputs, at };
  const message = typeof json.message === 'string' ? json.message : text;
  return { accepted: false, status: reply.status, message: `POST /executions: ${message}`, at };
}
