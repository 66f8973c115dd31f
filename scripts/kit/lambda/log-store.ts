/** One line a function wrote to stdout or stderr, tagged with the invocation that wrote it. */
export interface LogLine {
  readonly functionName: string;
  readonly requestId?: string;
  readonly stream: 'stdout' | 'stderr';
  readonly time: number;
  readonly text: string;
  /** The parsed line when it is JSON (Powertools Logger writes one JSON object per line). */
  readonly json?: Record<string, unknown>;
}

/** The request id a line names itself: Powertools' `function_request_id` (after `addContext`), or `requestId`. */
function ownRequestId(json: Record<string, unknown> | undefined): string | undefined {
  const id = json?.function_request_id ?? json?.requestId;
  return typeof id === 'string' && id ? id : undefined;
}

/** `requestId`: of the invocation running when the line arrived; a request id in the line itself wins. */
export function parseLogLine(functionName: string, stream: LogLine['stream'], text: string, requestId?: string): LogLine {
  let json: Record<string, unknown> | undefined;
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  }
  const id = ownRequestId(json) ?? requestId;
  return { functionName, stream, time: Date.now(), text, ...(id ? { requestId: id } : {}), ...(json ? { json } : {}) };
}

const errorLevels = new Set(['ERROR', 'CRITICAL', 'FATAL', 'WARN']);

function levelOf(line: LogLine): string {
  const level = line.json?.level ?? line.json?.Level ?? line.json?.severity;
  return typeof level === 'string' ? level.toUpperCase() : line.stream === 'stderr' ? 'ERROR' : 'INFO';
}

/** The human reason in an error log line: the error's message, else the log message. */
function reasonOf(line: LogLine): string {
  const json = line.json;
  if (!json) return line.text;
  const error = json.error ?? json.err;
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    const detail = [e.name, e.message].filter((p) => typeof p === 'string' && p).join(': ');
    if (detail) return typeof json.message === 'string' && json.message !== e.message ? `${json.message}: ${detail}` : detail;
  }
  for (const field of ['errorMessage', 'reason', 'message']) if (typeof json[field] === 'string') return json[field] as string;
  return line.text;
}

/** Captured function logs, bounded, searchable by the key an error line mentions. */
export class LogStore {
  private readonly lines: LogLine[] = [];
  constructor(private readonly capacity = 50_000) {}

  add(line: LogLine): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  all(): readonly LogLine[] {
    return this.lines;
  }

  /** The last error-level line that mentions `key` (as stored or URL-encoded), as a reason. */
  errorFor(key: string, functionName?: string): { reason: string; line: LogLine } | undefined {
    const needles = [key, encodeURIComponent(key), key.replace(/ /g, '+')];
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i]!;
      if (functionName && line.functionName !== functionName) continue;
      if (!errorLevels.has(levelOf(line))) continue;
      if (needles.some((n) => line.text.includes(n) || line.text.includes(JSON.stringify(n).slice(1, -1)))) return { reason: reasonOf(line), line };
    }
    return undefined;
  }
}
