import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { dependable, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { processFunctionEnvironment, uploadFunctionEnvironment } from '../config/function-env.js';
import type { ResolvedPipelineConfig } from '../config/resolved.js';
import type { TriggerVia } from '../config/trigger-schema.js';
import { PipelineFunction } from '../modules/lambda-function/index.js';
import { PipelineAlarms } from '../modules/pipeline-alarms/index.js';
import { SecureBucket } from '../modules/secure-bucket/index.js';
import { UploadApi } from '../modules/upload-api/index.js';
import { ApiGatewayAccountLogging } from '../modules/upload-api/account-logging.js';
import type { PipelineKey } from '../modules/pipeline-key/index.js';
import { accessLogBucket, pipelineKey } from './hardening.js';
import { addS3Backend } from './s3-state.js';
import { binaryMediaTypesFor } from './binary-media-types.js';
import { addLocalBackend } from './local-state.js';
import { addLocalstackEndpointVariable, applyLocalstackSettings, localstackFunctionEnvironment } from './localstack-target.js';
import { awsProviderConfig, defaultLocalstackEndpoint, localstackAccountId, localstackProviderConfig, localstackServicesFor } from './providers.js';
import { wireTrigger, type TriggerWiring } from './triggers/index.js';
import { wireAfterSteps, type AfterStepsWiring } from './after/index.js';

export type DeployTarget = 'aws' | 'localstack';

/** Absolute zip path of each function the stack deploys, built for its architecture (scripts/packaging). */
export type FunctionZips = Readonly<Record<'process' | 'upload' | 'notify', string>>;

export interface PipelineStackProps {
  /** Stage name, part of every resource name: `<namePrefix>-<stage>-...`. */
  readonly stage: string;
  readonly config: ResolvedPipelineConfig;
  /** Absolute zip path per function, built for `config.architecture`. */
  readonly zips: FunctionZips;
  /** `localstack` points every service at LocalStack with test credentials, like tflocal. @default 'aws' */
  readonly target?: DeployTarget;
  /** Default of the stack's `localstack_endpoint` variable. @default 'http://localhost:4566' */
  readonly localstackEndpoint?: string;
  /**
   * Ends both bucket names, which must be globally unique.
   * @default the account id: `${data.aws_caller_identity.caller.account_id}` on AWS, `000000000000` on LocalStack
   */
  readonly bucketSuffix?: string;
  /**
   * Directory of the local state file `terraform.<stack>.tfstate`, written into cdk.tf.json relative
   * to the stack's directory. @default the working directory (the project root)
   */
  readonly stateDir?: string;
}

const stagePattern = /^[a-z][a-z0-9]{0,9}$/;

/** The fixed start of every output key (output prefix plus the key template's text before its first token). */
export function outputKeyHead(config: ResolvedPipelineConfig): string {
  return config.output.prefix + (config.processing.keyTemplate.split(/\{[a-z]+\}/)[0] ?? '');
}

/**
 * The pipeline: POST /uploads -> upload function -> uploads bucket -> the trigger of
 * `config.trigger.via` (stacks/triggers/: queue, direct or eventbridge) -> process function ->
 * outputs bucket -> the steps of `config.after` (stacks/after/: archive, metadata, webhooks through a
 * notify queue and function), with dead-letter queues and alarms; tracing, the customer-managed key, access
 * logs and WAF as the configuration asks. State stays local (terraform.<stack>.tfstate at the
 * project root) unless `stateBackend` names an S3 bucket. The recursion guard ran when the
 * configuration was resolved.
 */
export class PipelineStack extends TerraformStack {
  readonly uploadsBucket: SecureBucket;
  readonly outputsBucket: SecureBucket;
  /** How uploads reach the process function, and where its failures end. */
  readonly trigger: TriggerWiring;
  /** What `config.after` adds (metadata table, notify queue and function, grants); empty when it is. */
  readonly afterSteps: AfterStepsWiring;
  readonly processFunction: PipelineFunction;
  readonly uploadFunction: PipelineFunction;
  readonly api: UploadApi;
  readonly alarms: PipelineAlarms;
  /** The customer-managed key of `config.kms`. */
  readonly key?: PipelineKey;
  /** Added to both functions' environment: on LocalStack, the endpoint variable. */
  private readonly targetEnvironment: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id);
    const { config, stage } = props;
    if (!stagePattern.test(stage)) {
      throw new Error(`Stage ${JSON.stringify(stage)} must be 1-10 lowercase letters or digits, starting with a letter`);
    }
    const target = props.target ?? 'aws';
    // An emulator's stack keeps its state local whatever the configuration says.
    if (config.stateBackend !== undefined && target === 'aws') addS3Backend(this, config.stateBackend);
    else addLocalBackend(this, props.stateDir);
    const name = `${config.namePrefix}-${stage}`;
    const tags = { project: 's3-image-pipeline', pipeline: config.namePrefix, stage, 'managed-by': 'cdktf' };

    // On LocalStack the endpoint is a variable (`-var localstack_endpoint=...`) for the provider and the functions.
    const endpoint = target === 'localstack' ? addLocalstackEndpointVariable(this, props.localstackEndpoint ?? defaultLocalstackEndpoint) : undefined;
    if (endpoint !== undefined) Object.assign(this.targetEnvironment, localstackFunctionEnvironment(endpoint));
    new AwsProvider(
      this,
      'aws',
      endpoint !== undefined
        ? localstackProviderConfig(config.region, tags, endpoint, localstackServicesFor(config.trigger.via, config.after))
        : awsProviderConfig(config.region, tags),
    );
    const accountId = target === 'localstack' ? localstackAccountId : new DataAwsCallerIdentity(this, 'caller').accountId;
    const bucketSuffix = props.bucketSuffix ?? accountId;
    this.key = pipelineKey(this, name, config, accountId);
    const kmsKeyArn = this.key?.keyArn;
    const logBucket = accessLogBucket(this, name, bucketSuffix, config, accountId);
    const bucketHardening = (logPrefix: string) => ({
      ...(kmsKeyArn !== undefined && { kmsKeyArn }),
      ...(logBucket !== undefined && { accessLogs: { bucketName: logBucket.bucketName, prefix: logPrefix } }),
    });

    this.uploadsBucket = new SecureBucket(this, 'uploads', {
      bucketName: `${name}-uploads-${bucketSuffix}`,
      forceDestroy: config.buckets.forceDestroy,
      versioning: config.buckets.versioning,
      ...bucketHardening('uploads/'),
      ...(config.buckets.expireUploadsAfterDays > 0 && {
        expireObjects: { prefix: config.trigger.prefix, days: config.buckets.expireUploadsAfterDays },
      }),
    });
    this.outputsBucket = config.output.sameBucketAsUploads
      ? this.uploadsBucket
      : new SecureBucket(this, 'outputs', {
          bucketName: `${name}-outputs-${bucketSuffix}`,
          forceDestroy: config.buckets.forceDestroy,
          versioning: config.buckets.versioning,
          ...bucketHardening('outputs/'),
        });

    this.trigger = wireTrigger(
      { scope: this, name, config, uploadsBucket: this.uploadsBucket, accountId, ...(this.key !== undefined && { key: this.key }) },
      config.trigger,
    );
    this.afterSteps = wireAfterSteps(
      {
        scope: this,
        name,
        config,
        outputsBucket: this.outputsBucket,
        notifyZipPath: props.zips.notify,
        targetEnvironment: this.targetEnvironment,
        ...(this.key !== undefined && { key: this.key }),
      },
      config.after,
    );
    this.processFunction = this.createProcessFunction(props, name);
    this.trigger.connect(this.processFunction);
    this.uploadFunction = this.createUploadFunction(props, name);
    this.key?.allowRoles(this.processFunction.role.arn, this.uploadFunction.role.arn, ...this.afterSteps.roleArns);

    this.api = new UploadApi(this, 'api', {
      apiName: `${name}-upload-api`,
      handler: this.uploadFunction,
      stageName: stage,
      binaryMediaTypes: binaryMediaTypesFor(config.trigger.suffixes),
      auth: config.upload.auth,
      rateLimit: config.upload.rateLimit,
      burstLimit: config.upload.burstLimit,
      logging: config.upload.logging,
      logRetentionDays: config.logRetentionDays,
      tracing: config.tracing,
      ...(kmsKeyArn !== undefined && { logKmsKeyArn: kmsKeyArn }),
      ...(config.upload.wafWebAclArn !== undefined && { wafWebAclArn: config.upload.wafWebAclArn }),
    });
    if (config.upload.accountLoggingRole) {
      const logging = new ApiGatewayAccountLogging(this, 'api-account-logging', { roleName: `${name}-apigateway-cloudwatch`, accountId });
      this.api.stage.dependsOn = [dependable(logging.account)];
    }
    this.trigger.extendApi(this.api);
    if (target === 'localstack') applyLocalstackSettings(this, this.api.apiKey);

    this.alarms = new PipelineAlarms(this, 'alarms', {
      namePrefix: name,
      dlqName: this.trigger.deadLetterQueue.name,
      functionNames: { process: this.processFunction.functionName, upload: this.uploadFunction.functionName, ...this.afterSteps.functionNames },
      accountId,
      aboveZeroMetrics: [...this.trigger.alarmMetrics(), ...this.afterSteps.alarmMetrics],
      ...(config.alarmEmail !== undefined && { alarmEmail: config.alarmEmail }),
    });

    this.addOutputs(config.trigger.via);
  }

  /** Reads the trigger prefix, writes the outputs; the rest (DLQ, concurrency) as the trigger asks. */
  private createProcessFunction({ config, zips }: PipelineStackProps, name: string): PipelineFunction {
    const needs = this.trigger.processFunction;
    return new PipelineFunction(this, 'process', {
      functionName: `${name}-process`,
      pipelineFunction: 'process',
      description: 'Turns an uploaded image into its variants',
      zipPath: zips.process,
      architecture: config.architecture,
      memoryMb: config.processFunction.memoryMb,
      timeoutSeconds: config.processFunction.timeoutSeconds,
      logRetentionDays: config.logRetentionDays,
      environment: {
        ...processFunctionEnvironment(
          {
            outputBucket: this.outputsBucket.bucketName,
            outputPrefix: config.output.prefix,
            triggerPrefix: config.trigger.prefix,
            processing: config.processing,
            ...(needs.deadLetterQueueUrl !== undefined && { deadLetterQueueUrl: needs.deadLetterQueueUrl }),
            ...(this.afterSteps.processEnv !== undefined && { after: this.afterSteps.processEnv }),
          },
          `${config.namePrefix}-process`,
        ),
        ...this.targetEnvironment,
      },
      policyStatements: [
        { sid: 'ReadUploads', actions: ['s3:GetObject'], resources: [`${this.uploadsBucket.bucketArn}/${config.trigger.prefix}*`] },
        { sid: 'WriteOutputs', actions: ['s3:PutObject'], resources: [`${this.outputsBucket.bucketArn}/${outputKeyHead(config)}*`] },
        ...needs.statements,
        ...this.afterSteps.processStatements,
      ],
      ...(needs.reservedConcurrency !== undefined && { reservedConcurrency: needs.reservedConcurrency }),
      ...this.functionHardening(config),
    });
  }

  private createUploadFunction({ config, zips }: PipelineStackProps, name: string): PipelineFunction {
    return new PipelineFunction(this, 'upload', {
      functionName: `${name}-upload`,
      pipelineFunction: 'upload',
      description: 'Accepts POST /uploads and stores the image under the trigger prefix',
      zipPath: zips.upload,
      architecture: config.architecture,
      memoryMb: config.uploadFunction.memoryMb,
      timeoutSeconds: config.uploadFunction.timeoutSeconds,
      logRetentionDays: config.logRetentionDays,
      environment: {
        ...uploadFunctionEnvironment(
          {
            uploadsBucket: this.uploadsBucket.bucketName,
            triggerPrefix: config.trigger.prefix,
            allowedSuffixes: config.trigger.suffixes,
            maxUploadBytes: config.upload.maxBytes,
            outputPrefix: config.output.prefix,
            processing: config.processing,
          },
          `${config.namePrefix}-upload`,
        ),
        ...this.targetEnvironment,
      },
      policyStatements: [
        { sid: 'WriteUploads', actions: ['s3:PutObject'], resources: [`${this.uploadsBucket.bucketArn}/${config.trigger.prefix}*`] },
      ],
      reservedConcurrency: config.uploadFunction.reservedConcurrency,
      ...this.functionHardening(config),
    });
  }

  /** Tracing and the stack's key, as the configuration asks. */
  private functionHardening(config: ResolvedPipelineConfig): { tracing: boolean; kmsKeyArn?: string } {
    return { tracing: config.tracing, ...(this.key !== undefined && { kmsKeyArn: this.key.keyArn }) };
  }

  private addOutputs(via: TriggerVia): void {
    const output = (id: string, value: string, description: string, sensitive = false): void => {
      new TerraformOutput(this, id, { value, description, sensitive }).overrideLogicalId(id);
    };
    output('upload_url', this.api.uploadUrl, 'POST images here (Content-Type image/*, header x-api-key when auth is apiKey)');
    output('uploads_bucket_name', this.uploadsBucket.bucketName, 'Bucket receiving uploads; objects under the trigger prefix are processed');
    output('outputs_bucket_name', this.outputsBucket.bucketName, 'Bucket holding the processed variants');
    for (const { id, value, description } of this.trigger.outputs()) output(id, value, description);
    output('dlq_url', this.trigger.deadLetterQueue.url, deadLetterDescriptions[via]);
    output('process_function_name', this.processFunction.functionName, 'The process Lambda function');
    output('upload_function_name', this.uploadFunction.functionName, 'The upload Lambda function');
    output('alarm_topic_arn', this.alarms.topicArn, 'SNS topic the alarms publish to');
    for (const { id, value, description } of this.afterSteps.outputs) output(id, value, description);
    if (this.api.apiKey !== undefined) {
      output('api_key_id', this.api.apiKey.id, 'Id of the upload API key (aws apigateway get-api-key --api-key <id> --include-value)');
      output('api_key_value', this.api.apiKey.value, 'The upload API key itself; send it as x-api-key', true);
    }
    output('trigger_via', via, 'How uploads reach the process function: queue, direct or eventbridge');
  }
}

/** What ends in the dead-letter queue, per trigger. */
const deadLetterDescriptions: Record<TriggerVia, string> = {
  queue: 'Dead-letter queue: bad input moved by the process function (reason in the message attributes), and notifications that failed maxReceiveCount times',
  direct: "Dead-letter queue: bad input sent by the process function (reason in the message attributes), and Lambda's on-failure records of invocations that failed every retry",
  eventbridge: "Dead-letter queue: Step Functions events of failed, timed-out and aborted executions, and events the uploads rule could not deliver",
};
