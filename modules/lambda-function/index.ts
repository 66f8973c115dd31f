import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { Lazy, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { assertLeastPrivilege, policyDocument, type PolicyStatement } from '../iam/policy-document.js';
import { zipSha256 } from './zip-hash.js';

/** Tag naming which `functions/<name>/handler.ts` a function runs; the local kit maps functions by it. */
export const pipelineFunctionTag = 'pipeline:function';

/** The instruction set a function runs on. */
export type LambdaArchitecture = 'arm64' | 'x86_64';

export interface PipelineFunctionProps {
  /** The Lambda function name; also names its role and log group. */
  readonly functionName: string;
  /** The handler folder under `functions/` this function runs, written to the `pipeline:function` tag. */
  readonly pipelineFunction: string;
  /** Absolute path of the deployment zip (from the packager); copied into the stack as an asset. */
  readonly zipPath: string;
  readonly architecture: LambdaArchitecture;
  /** @default 128 */
  readonly memoryMb?: number;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  /** @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Retention of the function's log group, in days. @default 30 */
  readonly logRetentionDays?: number;
  /** Statements added to the role's policy besides writing its own logs. @default [] */
  readonly policyStatements?: readonly PolicyStatement[];
  /** @default '' */
  readonly description?: string;
  /**
   * Concurrency reserved for (and capping) this function, `reserved_concurrent_executions`.
   * @default none: the function shares the account's unreserved pool
   */
  readonly reservedConcurrency?: number;
  /** X-Ray active tracing (the role may put trace segments). @default false */
  readonly tracing?: boolean;
  /**
   * Encrypt the environment and the log group with this KMS key; the role may decrypt and generate
   * data keys with it (the key's policy must name the role too). @default AWS-managed keys
   */
  readonly kmsKeyArn?: string;
}

const defaultProps: Required<Pick<PipelineFunctionProps, 'memoryMb' | 'timeoutSeconds' | 'environment' | 'logRetentionDays' | 'policyStatements' | 'description' | 'tracing'>> = {
  memoryMb: 128,
  timeoutSeconds: 3,
  environment: {},
  logRetentionDays: 30,
  policyStatements: [],
  description: '',
  tracing: false,
};

/** What Lambda's active tracing needs; X-Ray has no resource-level permissions, hence `*`. */
export const xrayWriteStatement: PolicyStatement = { sid: 'WriteTraces', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] };

const runtime = 'nodejs22.x';
const handler = 'index.handler';

/**
 * A Node.js 22 Lambda function from a zip, with its own log group (created first, with retention)
 * and a role that may only write that log group until callers grant more with `grant`.
 */
export class PipelineFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  /** The role's inline policy; depend on it when AWS checks the role's permissions at creation. */
  readonly rolePolicy: IamRolePolicy;
  readonly logGroup: CloudwatchLogGroup;
  readonly functionName: string;
  readonly functionArn: string;
  readonly invokeArn: string;
  private readonly statements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/lambda/${settings.functionName}`,
      retentionInDays: settings.logRetentionDays,
      ...(settings.kmsKeyArn !== undefined && { kmsKeyId: settings.kmsKeyArn }),
    });

    this.role = new IamRole(this, 'role', {
      name: `${settings.functionName}-role`,
      assumeRolePolicy: policyDocument([{ principals: { service: ['lambda.amazonaws.com'] }, actions: ['sts:AssumeRole'] }]),
    });

    this.statements = [
      {
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${this.logGroup.arn}:*`],
      },
      ...(settings.tracing ? [xrayWriteStatement] : []),
      ...(settings.kmsKeyArn === undefined ? [] : [{ sid: 'UseKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [settings.kmsKeyArn] }]),
    ];
    this.grant(...settings.policyStatements);
    this.rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: `${settings.functionName}-policy`,
      role: this.role.id,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });

    const hash = zipSha256(settings.zipPath);
    const code = new TerraformAsset(this, 'code', { path: settings.zipPath, assetHash: hash.hex.slice(0, 32) });

    this.function = new LambdaFunction(this, 'function', {
      functionName: settings.functionName,
      description: settings.description,
      role: this.role.arn,
      runtime,
      handler,
      architectures: [settings.architecture],
      memorySize: settings.memoryMb,
      timeout: settings.timeoutSeconds,
      filename: code.path,
      sourceCodeHash: hash.base64,
      environment: { variables: { ...settings.environment } },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      tags: { [pipelineFunctionTag]: settings.pipelineFunction },
      ...(settings.reservedConcurrency !== undefined && { reservedConcurrentExecutions: settings.reservedConcurrency }),
      ...(settings.tracing && { tracingConfig: { mode: 'Active' } }),
      ...(settings.kmsKeyArn !== undefined && { kmsKeyArn: settings.kmsKeyArn }),
      dependsOn: [this.logGroup, this.rolePolicy],
    });

    this.functionName = this.function.functionName;
    this.functionArn = this.function.arn;
    this.invokeArn = this.function.invokeArn;
  }

  /** Adds statements to the role's policy. Refuses wildcard actions and `*` resources. */
  grant(...statements: readonly PolicyStatement[]): void {
    assertLeastPrivilege(this.node.path, statements);
    this.statements.push(...statements);
  }
}
