import { LocalStackError } from '../errors.js';

/** What the run needs from the deployed `local` stack's outputs. */
export interface DeployedPipeline {
  readonly uploadUrl: string;
  readonly uploadsBucket: string;
  readonly outputsBucket: string;
  readonly dlqUrl: string;
  readonly apiKey?: string;
  readonly processFunctionName?: string;
}

/**
 * The stage's invoke URL as Terraform computes it (`https://<id>.execute-api.<region>.amazonaws.com/<stage>/...`)
 * turned into LocalStack's path-based form `<endpoint>/_aws/execute-api/<id>/<stage>/...`.
 */
export function localStackInvokeUrl(invokeUrl: string, endpoint: string): string {
  const match = /^https?:\/\/([a-z0-9]+)\.execute-api\.[^/]+(\/.*)$/.exec(invokeUrl);
  if (!match) return invokeUrl;
  return `${endpoint}/_aws/execute-api/${match[1]}${match[2]}`;
}

/** Parses `terraform output -json` (`{name: {value, type, sensitive}}`) of the pipeline stack. */
export function parseTerraformOutputs(json: string, endpoint: string): DeployedPipeline {
  let outputs: Record<string, { value?: unknown }>;
  try {
    outputs = JSON.parse(json) as typeof outputs;
  } catch (error) {
    throw new LocalStackError(`terraform output -json did not print JSON: ${(error as Error).message}`);
  }
  const value = (name: string): string | undefined => {
    const v = outputs[name]?.value;
    return typeof v === 'string' && v ? v : undefined;
  };
  const required = (name: string): string => {
    const v = value(name);
    if (!v) throw new LocalStackError(`the stack has no output ${name} (outputs: ${Object.keys(outputs).join(', ') || 'none'})`);
    return v;
  };
  const apiKey = value('api_key_value');
  const processFunctionName = value('process_function_name');
  return {
    uploadUrl: localStackInvokeUrl(required('upload_url'), endpoint),
    uploadsBucket: required('uploads_bucket_name'),
    outputsBucket: required('outputs_bucket_name'),
    dlqUrl: required('dlq_url'),
    ...(apiKey ? { apiKey } : {}),
    ...(processFunctionName ? { processFunctionName } : {}),
  };
}
