/** EventBridge event patterns as plain data, rendered with JSON.stringify so tests and the local kit parse them. */

/** A `wildcard` pattern's literal text: `*` and `\` are escaped (`\*`, `\\`), as EventBridge's wildcard syntax requires. */
export function wildcardLiteral(text: string): string {
  return text.replace(/[\\*]/g, (char) => `\\${char}`);
}

export interface ObjectCreatedPatternOptions {
  /** The bucket's name (a Terraform reference is fine: it stays a string in the JSON). */
  readonly bucketName: string;
  readonly prefix: string;
  /** One `wildcard` matcher per suffix: `<prefix>*<suffix>`, case-sensitive like S3's filters. */
  readonly suffixes: readonly string[];
}

/** S3's `Object Created` events of one bucket whose key starts with the prefix and ends with one of the suffixes. */
export function objectCreatedPattern(options: ObjectCreatedPatternOptions): string {
  return JSON.stringify({
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: {
      bucket: { name: [options.bucketName] },
      object: { key: options.suffixes.map((suffix) => ({ wildcard: `${wildcardLiteral(options.prefix)}*${wildcardLiteral(suffix)}` })) },
    },
  });
}

/** Step Functions' status changes of one state machine into the given statuses. */
export function executionStatusPattern(stateMachineArn: string, statuses: readonly string[]): string {
  return JSON.stringify({
    source: ['aws.states'],
    'detail-type': ['Step Functions Execution Status Change'],
    detail: { status: statuses, stateMachineArn: [stateMachineArn] },
  });
}
