import type { RunTarget } from './run-target.js';

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** Ready-to-paste commands for a kit left running with `--keep`. */
export function keepHints(target: RunTarget, sampleImage: string): string[] {
  const env = target.name === 'embedded' ? 'AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test ' : '';
  return [
    `upload:       curl -sS -X POST ${quote(target.uploadUrl)}${target.apiKey ? ` -H ${quote(`x-api-key: ${target.apiKey}`)}` : ''} -H 'Content-Type: image/jpeg' --data-binary @${sampleImage}`,
    `outputs:      ${env}aws --endpoint-url ${target.endpoint} --region ${target.region} s3 ls s3://${target.outputsBucket}/ --recursive`,
    `uploads:      ${env}aws --endpoint-url ${target.endpoint} --region ${target.region} s3 ls s3://${target.uploadsBucket}/ --recursive`,
    `dead letters: ${env}aws --endpoint-url ${target.endpoint} --region ${target.region} sqs receive-message --queue-url ${quote(target.dlqUrl)} --max-number-of-messages 10 --attribute-names All`,
  ];
}
