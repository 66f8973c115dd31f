/**
 * The mapping templates and the request model of `POST /executions`, as plain strings so tests and
 * the local kit (velocityjs) render them. API Gateway runs them as Velocity (VTL).
 */

/**
 * The body of StartExecution from a request `{"key": "..."}`: `input` is a JSON string holding
 * `{"bucket", "key"}`, so the key is JSON-encoded twice. `$input.json('$.key')` gives the key as a
 * JSON string (quotes included); `$util.escapeJavaScript` escapes it once more for the outer string,
 * but also turns `'` into `\'`, which JSON does not allow: `replaceAll` (Java's, a regex) undoes that.
 * `#set` keeps the line free of Terraform's `${` interpolation syntax.
 */
export function startExecutionRequestTemplate(stateMachineArn: string, bucketName: string): string {
  return [
    `#set($key = $util.escapeJavaScript($input.json('$.key')).replaceAll("\\\\'", "'"))`,
    `{"stateMachineArn": "${stateMachineArn}", "input": "{\\"bucket\\": \\"${bucketName}\\", \\"key\\": $key}"}`,
  ].join('\n');
}

/** StartExecution's answer, passed on: the execution's ARN and start date. */
export const startedResponseTemplate = `{"executionArn": $input.json('$.executionArn'), "startDate": $input.json('$.startDate')}`;

/** A 4xx from Step Functions (an unknown state machine, an execution name in use): its message. */
export const clientErrorResponseTemplate = `{"message": $input.json('$.message')}`;

/** A 5xx from Step Functions: a generic message, nothing of the service's internals. */
export const serverErrorResponseTemplate = '{"message": "Internal server error"}';

/**
 * A body the request model refuses: API Gateway's message and what the body must be. Not the
 * validator's own explanation (`$context.error.validationErrorString`): a gateway response is plain
 * substitution, not VTL, and that text holds double quotes (`[object has missing required properties
 * (["key"])]`), which would break the JSON. `messageString` is the message already quoted.
 */
export function badRequestBodyTemplate(keyPrefix: string): string {
  const expected = `a JSON object {"key": "${keyPrefix}..."} naming an object under ${keyPrefix === '' ? 'the bucket' : keyPrefix}, and nothing else`;
  return `{"message": $context.error.messageString, "expected": ${JSON.stringify(expected)}}`;
}

/** The regular-expression form of a literal text (JSON schema `pattern` is ECMA 262). */
function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, (char) => `\\${char}`);
}

/**
 * The request model (JSON schema draft 4): `{"key": "<prefix>..."}` and nothing else, the key
 * at most S3's 1024 bytes (counted in characters here) and longer than the prefix.
 */
export function executionRequestSchema(prefix: string): string {
  return JSON.stringify({
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: 'StartExecutionRequest',
    type: 'object',
    required: ['key'],
    properties: {
      key: { type: 'string', minLength: prefix.length + 1, maxLength: 1024, pattern: `^${regexLiteral(prefix)}` },
    },
    additionalProperties: false,
  });
}
