import { basename } from 'node:path';
import type { RunTarget } from './run-target.js';
import { contentTypeForFile } from './upload-image.js';

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** Ready-to-paste commands for a kit left running with `--keep`. */
export function keepHints(target: RunTarget, sampleImage: string): string[] {
  const env = target.name === 'embedded' ? 'AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test ' : '';
  const aws = `${env}aws --endpoint-url ${target.endpoint} --region ${target.region}`;
  const uploadUrl = `${target.uploadUrl}?filename=${encodeURIComponent(basename(sampleImage))}`;
  // An IAM-guarded API takes a SigV4 signature, which curl makes itself (the kit accepts it unchecked).
  const credentials = target.name === 'embedded' ? 'test:test' : '"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"';
  const sign = target.iamAuth ? ` --aws-sigv4 ${quote(`aws:amz:${target.region}:execute-api`)} --user ${credentials}` : '';
  return [
    `upload:       curl -sS -X POST ${quote(uploadUrl)}${sign}${target.apiKey ? ` -H ${quote(`x-api-key: ${target.apiKey}`)}` : ''} -H ${quote(`Content-Type: ${contentTypeForFile(sampleImage)}`)} --data-binary ${quote(`@${sampleImage}`)}`,
    `outputs:      ${aws} s3 ls s3://${target.outputsBucket}/ --recursive`,
    `uploads:      ${aws} s3 ls s3://${target.uploadsBucket}/ --recursive`,
    // The reason a message was dead-lettered is in its message attributes, which SQS returns only when asked for.
    `dead letters: ${aws} sqs receive-message --queue-url ${quote(target.dlqUrl)} --max-number-of-messages 10 --attribute-names All --message-attribute-names All --visibility-timeout 0`,
  ];
}
