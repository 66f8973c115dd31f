import { emulatedTypes, offPathTypes, typeKey } from '../coverage.js';
import type { CoverageReport } from '../kit-plan.js';
import type { StackModel } from '../stack-model.js';
import { asArray, single, textField, type NotEmulated } from './blocks.js';

/** Subscription protocols that only notify people: off the data path. */
const peopleProtocols = new Set(['email', 'email-json', 'sms']);

/**
 * What the kit does with each declared resource: emulated, off the data path (accepted, not
 * enforced), or not emulated and named, with the gaps the loaders found (`gaps`) first.
 */
export function coverageReport(model: StackModel, gaps: readonly NotEmulated[]): CoverageReport {
  const emulated: string[] = [];
  const offPath: string[] = [];
  const notEmulated: NotEmulated[] = [...gaps];
  // SNS topics that only receive alarms are off the data path; any other topic would carry data.
  const alarmTopicArns = new Set(
    model.ofType('aws_cloudwatch_metric_alarm').flatMap((r) => ['alarm_actions', 'ok_actions', 'insufficient_data_actions'].flatMap((f) => asArray(model.field(r, f)).map(String))),
  );
  for (const r of model.resources) {
    const key = typeKey(r);
    if (emulatedTypes.has(key)) emulated.push(r.address);
    else if (offPathTypes.has(key)) offPath.push(r.address);
    else if (key === 'aws_sns_topic' && alarmTopicArns.has(String(model.attribute(r.address, 'arn')))) offPath.push(r.address);
    else if (key === 'aws_sns_topic_subscription' && peopleProtocols.has(textField(model, r, 'protocol'))) offPath.push(r.address);
    else notEmulated.push({ address: r.address, reason: `the kit has no emulation for ${r.type}` });
  }
  for (const r of model.ofType('aws_s3_bucket_versioning')) {
    if (single(model.field(r, 'versioning_configuration'))?.status === 'Enabled') {
      notEmulated.push({ address: r.address, reason: 'versioning Enabled (the emulator keeps one version per key; events carry no versionId)' });
    }
  }
  return { emulated, notEmulated, offPath };
}
