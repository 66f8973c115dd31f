import { LocalStackError } from '../errors.js';
import { pipelineOutputNames as names } from '../terraform/pipeline-resources.js';

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
  const apiKey = value(names.apiKeyValue);
  const processFunctionName = value(names.processFunction);
  return {
    uploadUrl: localStackInvokeUrl(required(names.uploadUrl), endpoint),
    uploadsBucket: required(names.uploadsBucket),
    outputsBucket: required(names.outputsBucket),
    dlqUrl: required(names.dlqUrl),
    ...(apiKey ? { apiKey } : {}),
    ...(processFunctionName ? { processFunctionName } : {}),
  };
}
