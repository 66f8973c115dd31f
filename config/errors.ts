import type { ConfigIssue } from './issues.js';

function lineOf(issue: ConfigIssue): string {
  const subject = issue.field === '' ? '' : `${issue.field} `;
  return `Invalid pipeline configuration: ${subject}${issue.message}`;
}

/**
 * The configuration is invalid. One line per issue, each naming the field and echoing its value:
 * `Invalid pipeline configuration: processFunction.memoryMb must be a number, got a string ("2048")`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];
  /** The first issue's dotted path, e.g. `queue.batchSize`. */
  readonly field: string;

  constructor(issues: readonly [ConfigIssue, ...ConfigIssue[]]) {
    super(issues.map(lineOf).join('\n'));
    this.issues = issues;
    this.field = issues[0].field;
  }
}
