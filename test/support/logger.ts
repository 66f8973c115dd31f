import type { LogSink } from '../../functions/shared/logging.js';

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A LogSink that keeps what it is given, for assertions on structured log lines. */
export function recordingLogger(): LogSink & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (message: unknown, ...extra: unknown[]) => {
      const fields = Object.assign({}, ...extra.filter((e) => typeof e === 'object' && e !== null)) as Record<string, unknown>;
      entries.push({ level, message: String(message), fields });
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as LogSink & { entries: LogEntry[] };
}
