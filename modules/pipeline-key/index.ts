import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from '../iam/policy-document.js';

/** What a role or a service principal may do with a data key: encrypt (new data key) and decrypt. */
export const keyUseActions = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/**
 * The key policy statement letting the account administer a key and delegate its use through IAM
 * (the deployer's own policies then apply). Key policies can only name their key as `Resource: "*"`.
 */
export function accountAdministersKey(accountId: string): PolicyStatement {
  return {
    sid: 'AccountAdministersAndUsesKey',
    principals: { aws: [`arn:aws:iam::${accountId}:root`] },
    actions: [
      'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*',
      'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource',
      'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand',
      'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*',
    ],
    resources: ['*'],
  };
}

export interface PipelineKeyProps {
  /** Names the alias `alias/<name>` and the description. */
  readonly name: string;
  /** The account owning the key; its principals are the only ones the policy names. */
  readonly accountId: string;
  /** Region of the CloudWatch Logs service principal (`logs.<region>.amazonaws.com`). */
  readonly region: string;
  /** Log group ARN patterns CloudWatch Logs may encrypt with this key (`kms:EncryptionContext:aws:logs:arn`). @default none */
  readonly logGroupArns?: readonly string[];
  /** @default 7 */
  readonly deletionWindowDays?: number;
}

const defaultProps: Required<Pick<PipelineKeyProps, 'logGroupArns' | 'deletionWindowDays'>> = { logGroupArns: [], deletionWindowDays: 7 };

/**
 * One customer-managed key (rotated yearly) and its alias. The key policy names who uses the key:
 * the roles added with `allowRoles` and the services added with `allowServices` (each limited to
 * this account), CloudWatch Logs for the given log groups only; the account administers it.
 */
export class PipelineKey extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;
  private readonly roleArns: string[] = [];
  private readonly services: string[] = [];

  constructor(scope: Construct, id: string, props: PipelineKeyProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    const statements = (): PolicyStatement[] => [
      accountAdministersKey(settings.accountId),
      ...(this.roleArns.length === 0
        ? []
        : [{ sid: 'PipelineRolesUseKey', principals: { aws: [...this.roleArns] }, actions: [...keyUseActions], resources: ['*'] }]),
      ...(this.services.length === 0
        ? []
        : [
            {
              sid: 'ServicesDeliverToEncryptedQueues',
              principals: { service: [...this.services] },
              actions: [...keyUseActions],
              resources: ['*'],
              conditions: { StringEquals: { 'aws:SourceAccount': [settings.accountId] } },
            },
          ]),
      ...(settings.logGroupArns.length === 0
        ? []
        : [
            {
              sid: 'CloudWatchLogsEncryptsLogGroups',
              principals: { service: [`logs.${settings.region}.amazonaws.com`] },
              actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
              resources: ['*'],
              conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': [...settings.logGroupArns] } },
            },
          ]),
    ];
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the ${settings.name} buckets, queues, log groups and function environments`,
      enableKeyRotation: true,
      deletionWindowInDays: settings.deletionWindowDays,
      policy: Lazy.stringValue({ produce: () => policyDocument(statements()) }),
    });
    new KmsAlias(this, 'alias', { name: `alias/${settings.name}`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }

  /** Lets these roles encrypt and decrypt with the key (their own policies must grant it too). */
  allowRoles(...roleArns: readonly string[]): void {
    this.roleArns.push(...roleArns);
  }

  /** Lets these service principals (e.g. `s3.amazonaws.com` delivering to an encrypted queue) use the key, from this account only. */
  allowServices(...services: readonly string[]): void {
    for (const service of services) if (!this.services.includes(service)) this.services.push(service);
  }
}
