import { notifyTimeoutFor, visibilityTimeoutFor } from './derived.js';
import { ConfigError } from './errors.js';
import { show, type ConfigIssue } from './issues.js';
import { outputCanMatchTrigger } from './recursion.js';
import type { ResolvedAfterSteps } from './resolved.js';
import type { ParsedPipelineConfig } from './schema.js';

/** The after-processing steps with their defaults and derived values; archive suffixes checked against the trigger's. */
export function resolveAfterSteps(config: ParsedPipelineConfig): ResolvedAfterSteps {
  const { metadata, archive, webhooks } = config.after;
  const issues: ConfigIssue[] = [];
  const archiveSuffixes = archive?.suffixes ?? config.trigger.suffixes;
  archiveSuffixes.forEach((suffix, i) => {
    if (!config.trigger.suffixes.includes(suffix)) {
      issues.push({
        field: `after.archive.suffixes[${i}]`,
        message: `must be one of trigger.suffixes (${config.trigger.suffixes.join(' ')}): only processed uploads are archived, got ${show(suffix)}`,
      });
    }
  });
  const [first, ...rest] = issues;
  if (first !== undefined) throw new ConfigError([first, ...rest]);

  const functionTimeoutSeconds = webhooks === undefined ? 0 : notifyTimeoutFor(webhooks.timeoutSeconds);
  return {
    ...(metadata !== undefined && { metadata: metadata.store === 'object' ? { store: 'object', prefix: metadata.prefix } : { store: 'table' } }),
    ...(archive !== undefined && { archive: { prefix: archive.prefix, suffixes: archiveSuffixes, keepFolders: archive.keepFolders } }),
    ...(webhooks !== undefined && {
      webhooks: {
        subscriptions: webhooks.subscriptions,
        timeoutSeconds: webhooks.timeoutSeconds,
        maxReceiveCount: webhooks.maxReceiveCount,
        batchSize: webhooks.batchSize,
        secretCacheSeconds: webhooks.secretCacheMinutes * 60,
        functionTimeoutSeconds,
        visibilityTimeoutSeconds: visibilityTimeoutFor(functionTimeoutSeconds, 0),
      },
    }),
  };
}

/**
 * The recursion guard for what the steps write into the uploads bucket (`output.sameBucketAsUploads`):
 * `<metadata prefix>...json` and `<archive prefix>...zip` must not pass the trigger's filter.
 */
export function assertAfterStepsCannotTrigger(config: ParsedPipelineConfig, after: ResolvedAfterSteps): void {
  if (!config.output.sameBucketAsUploads) return;
  const trigger = config.trigger;
  const locations = [
    ...(after.metadata?.store === 'object' ? [{ field: 'after.metadata.prefix', prefix: after.metadata.prefix, keyTemplate: '{path}.json' }] : []),
    ...(after.archive !== undefined ? [{ field: 'after.archive.prefix', prefix: after.archive.prefix, keyTemplate: '{path}.zip' }] : []),
  ];
  const issues: ConfigIssue[] = locations
    .filter((location) => outputCanMatchTrigger(trigger, { prefix: location.prefix, keyTemplate: location.keyTemplate, formats: [] }))
    .map((location) => ({
      field: location.field,
      message:
        `${show(location.prefix)} writes ${show(location.prefix + location.keyTemplate)} keys that match the trigger ` +
        `(prefix ${show(trigger.prefix)}, suffixes ${trigger.suffixes.join(' ')}) in the same bucket: every one would trigger processing again`,
    }));
  const [first, ...rest] = issues;
  if (first !== undefined) throw new ConfigError([first, ...rest]);
}
