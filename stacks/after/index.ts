import type { ResolvedAfterSteps } from '../../config/resolved.js';
import { metadataStep } from './metadata.js';
import { webhooksStep } from './webhooks.js';
import type { AfterStepsContext, AfterStepsWiring } from './wiring.js';

export type { AfterStepsContext, AfterStepsWiring } from './wiring.js';

/**
 * The resources, grants and environment of `config.after` (archive, metadata, webhooks); nothing
 * at all when every step is off. The process function runs them in that order after its outputs.
 */
export function wireAfterSteps(context: AfterStepsContext, after: ResolvedAfterSteps): AfterStepsWiring {
  const { metadata, archive, webhooks } = after;
  const bucketArn = context.outputsBucket.bucketArn;
  const metadataWiring = metadata === undefined ? undefined : metadataStep(context, metadata);
  const webhooksWiring = webhooks === undefined ? undefined : webhooksStep(context, webhooks);
  const anyStep = metadata !== undefined || archive !== undefined || webhooks !== undefined;
  return {
    ...(anyStep && {
      processEnv: {
        ...(metadataWiring !== undefined && { metadata: metadataWiring.env }),
        ...(archive !== undefined && { archive }),
        ...(webhooksWiring !== undefined && { notify: webhooksWiring.env }),
      },
    }),
    processStatements: [
      ...(archive !== undefined ? [{ sid: 'WriteArchives', actions: ['s3:PutObject'], resources: [`${bucketArn}/${archive.prefix}*`] }] : []),
      ...(metadataWiring?.processStatements ?? []),
      ...(webhooksWiring?.processStatements ?? []),
    ],
    roleArns: webhooksWiring?.roleArns ?? [],
    functionNames: webhooksWiring?.functionNames ?? {},
    alarmMetrics: webhooksWiring?.alarmMetrics ?? [],
    outputs: [...(metadataWiring?.outputs ?? []), ...(webhooksWiring?.outputs ?? [])],
  };
}
