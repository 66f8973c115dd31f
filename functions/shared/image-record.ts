/**
 * The record of one processed image (after.metadata): what was read and what was written. No
 * timestamps, so a redelivery of the same source writes an identical record. Stored as JSON under
 * the metadata prefix or as a DynamoDB item (`sourceKey` + `etag` as its key), and sent in every
 * webhook as `data`.
 */
export interface ImageRecord {
  readonly source: {
    readonly bucket: string;
    readonly key: string;
    /** Without quotes. */
    readonly etag: string;
    readonly versionId?: string;
    readonly size: number;
    /** As sharp names it: jpeg, png, webp, gif, tiff, heif, ... */
    readonly format: string;
    readonly width: number;
    readonly height: number;
  };
  /** In the order they were written. */
  readonly outputs: readonly {
    readonly key: string;
    readonly variant: string;
    readonly format: string;
    readonly width: number;
    readonly height: number;
    readonly bytes: number;
  }[];
  /** The zip of the source (after.archive), when archived. */
  readonly archive?: { readonly bucket: string; readonly key: string; readonly bytes: number };
}

/** Where a record was stored. */
export type ImageRecordLocation =
  | { readonly store: 'object'; readonly bucket: string; readonly key: string }
  | { readonly store: 'table'; readonly table: string; readonly sourceKey: string; readonly etag: string };
