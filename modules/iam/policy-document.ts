/** IAM policy documents as plain data, rendered with JSON.stringify so tests and the local kit can read them. */

export interface PolicyStatement {
  readonly sid?: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** Omitted only in trust policies. */
  readonly resources?: readonly string[];
  /** e.g. `{ service: ['s3.amazonaws.com'] }` for resource policies; omitted for identity policies. */
  readonly principals?: { readonly service?: readonly string[]; readonly aws?: readonly string[] } | '*';
  /** `{ operator: { key: values } }`, e.g. `{ Bool: { 'aws:SecureTransport': ['false'] } }`. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements.map(renderStatement) });
}

function renderStatement(statement: PolicyStatement): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  if (statement.sid !== undefined) rendered.Sid = statement.sid;
  rendered.Effect = statement.effect ?? 'Allow';
  if (statement.principals === '*') rendered.Principal = '*';
  else if (statement.principals !== undefined) {
    rendered.Principal = {
      ...(statement.principals.service && { Service: statement.principals.service }),
      ...(statement.principals.aws && { AWS: statement.principals.aws }),
    };
  }
  rendered.Action = statement.actions;
  if (statement.resources !== undefined) rendered.Resource = statement.resources;
  if (statement.conditions !== undefined) rendered.Condition = statement.conditions;
  return rendered;
}

const xrayWriteActions = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

/**
 * Refuses the grants this project never makes: an Allow of `*` or `service:*`, or an Allow on
 * resource `*` (CloudWatch Logs ARNs are exempt because log streams are created at run time, and
 * X-Ray's two write actions because they take no resource).
 * Deny statements may be broad: they only take permissions away.
 */
export function assertLeastPrivilege(owner: string, statements: readonly PolicyStatement[]): void {
  for (const statement of statements) {
    if ((statement.effect ?? 'Allow') === 'Deny') continue;
    for (const action of statement.actions) {
      if (action === '*' || action.endsWith(':*')) {
        throw new Error(`${owner}: policy allows the wildcard action ${JSON.stringify(action)}; name the actions it needs`);
      }
    }
    // CloudWatch Logs and X-Ray writes have no narrower resource to name.
    const unscoped = statement.actions.every((action) => action.startsWith('logs:') || xrayWriteActions.has(action));
    if (!unscoped && (statement.resources ?? []).includes('*')) {
      throw new Error(`${owner}: policy allows ${statement.actions.join(', ')} on resource "*"; name the resources`);
    }
  }
}
