import { Logger } from '@aws-lambda-powertools/logger';

/** The logger methods handlers call; Powertools' Logger satisfies it, and tests pass a recorder. */
export type LogSink = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** Structured JSON logs; service name and level come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_LOG_LEVEL. */
export function createLogger(defaultServiceName: string): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? defaultServiceName });
}

export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}
