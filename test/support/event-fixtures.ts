/**
 * The captured-shape sample events in fixtures/events/, built from the record factories. Keys put
 * spaces, `+`, parentheses, unicode and nested prefixes in the folders and keep a fixture image's
 * name as the base name, so `npm run replay -- <event> --images fixtures/images` finds each image.
 * Sizes and ETags are those of the fixture images (a single-part upload's ETag is its MD5).
 * Regenerate with `npx tsx test/support/write-event-fixtures.ts`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  directInput,
  eventBridgeS3Event,
  s3Delete,
  s3Event,
  s3Put,
  s3Record,
  s3TestEvent,
  snsEnvelope,
  sqsEvent,
  sqsRecord,
  stableId,
  type ObjectRef,
} from './events.js';

export const fixtureImagesDir = new URL('../../fixtures/images/', import.meta.url);
export const fixtureEventsDir = new URL('../../fixtures/events/', import.meta.url);

/** An object as it would be after uploading fixtures/images/<image> to `key`. */
export function uploadedFixture(key: string, image: string = basename(key)): ObjectRef {
  const bytes = readFileSync(new URL(image, fixtureImagesDir));
  return { key, size: bytes.length, eTag: createHash('md5').update(bytes).digest('hex') };
}

/** Each fixture's decoded keys, for tests: what a normaliser must yield (items) and ignore. */
export interface EventFixture {
  readonly event: unknown;
  readonly keys: readonly string[];
  readonly ignoredKeys?: readonly (string | undefined)[];
}

const summer = uploadedFixture('images/summer holiday (2026)/photo-640x480.jpg');
const notes = uploadedFixture('images/c++ notes/café/photo-800x600.webp');
const japan = uploadedFixture('images/日本/旅行 1/alpha-600x400.png');
const shoes = uploadedFixture('images/products/shoes (red)/a+b/photo-1920x1280.jpg');
const grey = uploadedFixture('images/2026/11/22/grey-640x480.jpg');
const exif = uploadedFixture('images/phone uploads/exif-orientation-6.jpg');
const tif = uploadedFixture('images/scans (old)/photo-320x240.tif');
const truncated = uploadedFixture('images/bad uploads/truncated.jpg', 'hostile/truncated.jpg');
const deleted = { key: 'images/old stuff (2019)/photo-640x480.jpg' };
const id = (name: string) => stableId(`fixture/${name}`);
/** The state-machine stack's uploads bucket as the local kit builds it (account 000000000000): its uploads rule matches these. */
const stateMachineBucket = 'imgpipe-sfn-dev-uploads-000000000000';
const odd = { ...uploadedFixture("images/o'brien + café/東京 (1)/photo-640x480.jpg"), bucket: stateMachineBucket };

export const eventFixtures: Record<string, EventFixture> = {
  's3-put.json': { event: s3Put(summer), keys: [summer.key] },
  's3-delete.json': { event: s3Delete(deleted), keys: [], ignoredKeys: [deleted.key] },
  's3-test-event.json': { event: s3TestEvent(), keys: [], ignoredKeys: [undefined] },
  'sqs-s3-put.json': { event: sqsEvent(sqsRecord(s3Put(notes), id('sqs-s3-put'))), keys: [notes.key] },
  'sqs-s3-test-event.json': { event: sqsEvent(sqsRecord(s3TestEvent(), id('sqs-s3-test-event'))), keys: [], ignoredKeys: [undefined] },
  'sqs-sns-s3-put.json': { event: sqsEvent(sqsRecord(snsEnvelope(s3Put(japan)), id('sqs-sns-s3-put'))), keys: [japan.key] },
  'sqs-s3-put-truncated.json': { event: sqsEvent(sqsRecord(s3Put(truncated), id('sqs-s3-put-truncated'))), keys: [truncated.key] },
  'sqs-batch.json': {
    event: sqsEvent(
      sqsRecord(s3Event(s3Record(grey), s3Record(exif)), id('batch-1')),
      sqsRecord(s3TestEvent(), id('batch-2')),
      sqsRecord(snsEnvelope(s3Put(tif)), id('batch-3')),
      sqsRecord(s3Delete(deleted), id('batch-4')),
    ),
    keys: [grey.key, exif.key, tif.key],
    ignoredKeys: [undefined, deleted.key],
  },
  'eventbridge-object-created.json': { event: eventBridgeS3Event(shoes), keys: [shoes.key] },
  'eventbridge-object-deleted.json': { event: eventBridgeS3Event(deleted, 'Object Deleted'), keys: [], ignoredKeys: [deleted.key] },
  'direct-input.json': { event: directInput(shoes), keys: [shoes.key] },
  'eventbridge-object-created-state-machine.json': { event: eventBridgeS3Event(odd), keys: [odd.key] },
  'state-machine-input.json': { event: { bucket: odd.bucket, key: odd.key }, keys: [odd.key] },
};

/** Events S3 sent, published by public test suites (fixtures/events/README.md says where from). */
export const capturedEventsDir = new URL('../../fixtures/events/captured/', import.meta.url);

/** What each captured event normalises to. */
export interface CapturedEvent {
  readonly bucket: string;
  readonly keys: readonly string[];
  readonly ignoredKeys?: readonly string[];
}

export const capturedEvents: Record<string, CapturedEvent> = {
  's3-put-powertools.json': { bucket: 'lambda-artifacts-deafc19498e3f2df', keys: ['b21b84d653bb07b05b1e6b33684dc11b'] },
  'sqs-s3-put-versioned-powertools.json': { bucket: 'xxx', keys: ['test.pdf'] },
  'eventbridge-object-created-powertools.json': { bucket: 'example-bucket', keys: ['IMG_m7fzo3.jpg'] },
  'eventbridge-object-deleted-powertools.json': { bucket: 'example-bucket', keys: [], ignoredKeys: ['IMG_m7fzo3.jpg'] },
  's3-put-swift-aws-lambda-events.json': { bucket: 'eventsources', keys: ['Hi.md'] },
  's3-delete-marker-swift-aws-lambda-events.json': { bucket: 'eventsources', keys: [], ignoredKeys: ['Hi.md'] },
};

/** A key as S3 encoded it in a notification, the key that was uploaded, and where it was reported. */
export interface ObservedKeyEncoding {
  readonly encoded: string;
  readonly key: string;
  readonly source: string;
  /** S3 no longer encodes this way (it used to encode `/`): only decoding is checked. */
  readonly decodeOnly?: boolean;
}
