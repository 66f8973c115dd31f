import type { ResolvedMetadataStep } from '../../config/resolved.js';
import { MetadataTable } from '../../modules/metadata-table/index.js';
import type { AfterStepsContext, AfterStepsWiring } from './wiring.js';

type MetadataWiring = Pick<AfterStepsWiring, 'processStatements' | 'outputs'> & { readonly env: NonNullable<NonNullable<AfterStepsWiring['processEnv']>['metadata']> };

/**
 * One record per processed image: a JSON object under the prefix in the outputs bucket (`PutObject`
 * there only), or an item in `<name>-metadata` (`PutItem` on that table only).
 */
export function metadataStep(context: AfterStepsContext, metadata: ResolvedMetadataStep): MetadataWiring {
  if (metadata.store === 'object') {
    return {
      env: { store: 'object', prefix: metadata.prefix },
      processStatements: [{ sid: 'WriteMetadata', actions: ['s3:PutObject'], resources: [`${context.outputsBucket.bucketArn}/${metadata.prefix}*`] }],
      outputs: [],
    };
  }
  const table = new MetadataTable(context.scope, 'metadata', {
    tableName: `${context.name}-metadata`,
    deletionProtection: !context.config.buckets.forceDestroy,
    ...(context.key !== undefined && { kmsKeyArn: context.key.keyArn }),
  });
  return {
    env: { store: 'table', tableName: table.tableName },
    processStatements: [{ sid: 'RecordMetadata', actions: ['dynamodb:PutItem'], resources: [table.tableArn] }],
    outputs: [{ id: 'metadata_table_name', value: table.tableName, description: 'DynamoDB table of one metadata record per processed image (sourceKey, etag)' }],
  };
}
