import { ConditionalCheckFailedException, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { ImageRecord, ImageRecordLocation } from '../../shared/image-record.js';

/** The item of a record: its key (`sourceKey`, `etag`) and the record's fields as maps and lists. */
export function metadataItem(record: ImageRecord): Record<string, unknown> {
  return {
    sourceKey: record.source.key,
    etag: record.source.etag,
    source: record.source,
    outputs: record.outputs,
    ...(record.archive !== undefined && { archive: record.archive }),
  };
}

/**
 * Puts the record's item unless one with the same source key and ETag exists. An existing one is a
 * redelivery of the same bytes, whose record is identical by construction: not an error.
 */
export async function writeMetadataItem(dynamodb: DynamoDBClient, record: ImageRecord, table: string): Promise<ImageRecordLocation> {
  try {
    await dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: marshall(metadataItem(record), { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(sourceKey)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  return { store: 'table', table, sourceKey: record.source.key, etag: record.source.etag };
}
