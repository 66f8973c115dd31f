import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import { Construct } from 'constructs';

export interface MetadataTableProps {
  readonly tableName: string;
  /** Encrypt with this KMS key. @default the AWS-managed key `aws/dynamodb` (still encrypted at rest with `enabled = true`) */
  readonly kmsKeyArn?: string;
  /** Refuse `DeleteTable` (and `terraform destroy`) until turned off. @default true */
  readonly deletionProtection?: boolean;
}

const defaultProps: Required<Pick<MetadataTableProps, 'deletionProtection'>> = { deletionProtection: true };

/** The table's key: one item per source object and ETag (a new upload under the same key is a new item). */
export const metadataTableKey = { partitionKey: 'sourceKey', sortKey: 'etag' } as const;

/**
 * A DynamoDB table of one item per processed image, keyed on the source key (partition) and its
 * ETag (sort): on demand, point-in-time recovery on, encrypted (the given key or DynamoDB's
 * AWS-managed one), protected from deletion unless asked.
 */
export class MetadataTable extends Construct {
  readonly table: DynamodbTable;
  readonly tableName: string;
  readonly tableArn: string;

  constructor(scope: Construct, id: string, props: MetadataTableProps) {
    super(scope, id);
    const settings = { ...defaultProps, ...props };
    this.table = new DynamodbTable(this, 'table', {
      name: settings.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: metadataTableKey.partitionKey,
      rangeKey: metadataTableKey.sortKey,
      attribute: [
        { name: metadataTableKey.partitionKey, type: 'S' },
        { name: metadataTableKey.sortKey, type: 'S' },
      ],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, ...(settings.kmsKeyArn !== undefined && { kmsKeyArn: settings.kmsKeyArn }) },
      deletionProtectionEnabled: settings.deletionProtection,
    });
    this.tableName = this.table.name;
    this.tableArn = this.table.arn;
  }
}
