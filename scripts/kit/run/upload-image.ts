import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { mediaTypeOfSuffix } from '../../../config/formats.js';

/** What the upload API answered for one file. */
export type UploadAnswer =
  | { readonly accepted: true; readonly status: number; readonly key: string; readonly outputs: readonly string[]; readonly at: number }
  | { readonly accepted: false; readonly status: number; readonly message: string; readonly at: number };

/** The Content-Type a client would send for a file name (its extension), octet-stream otherwise. */
export function contentTypeForFile(file: string): string {
  return mediaTypeOfSuffix[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** An API answer read: when it came, its text, and its JSON object (`{message: text}` when it is not JSON). */
export async function readReply(reply: Response): Promise<{ at: number; text: string; json: Record<string, unknown> }> {
  const at = Date.now();
  const text = await reply.text();
  try {
    return { at, text, json: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { at, text, json: { message: text } };
  }
}

/** POSTs a file to the upload API over HTTP, as a client would. */
export async function uploadImage(uploadUrl: string, file: string, apiKey: string | undefined): Promise<UploadAnswer> {
  const body = await readFile(file);
  const reply = await fetch(uploadUrl, {
    method: 'POST',
    body,
    headers: { 'Content-Type': contentTypeForFile(file), 'X-Filename': basename(file), ...(apiKey ? { 'x-api-key': apiKey } : {}) },
  });
  const { at, text, json } = await readReply(reply);
  if (reply.status === 201 && typeof json.key === 'string' && Array.isArray(json.outputs)) {
    return { accepted: true, status: reply.status, key: json.key, outputs: json.outputs.map(String), at };
  }
  const message = [json.error, json.message].filter((p) => typeof p === 'string').join(': ') || text;
  return { accepted: false, status: reply.status, message, at };
}
