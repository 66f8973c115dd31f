import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeS3Key, encodeS3Key, normaliseEvent } from '../../../functions/events/index.js';
import { capturedEvents, capturedEventsDir, type ObservedKeyEncoding } from '../../support/event-fixtures.js';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, capturedEventsDir), 'utf8'));
const eventFiles = readdirSync(capturedEventsDir).filter((name) => name.endsWith('.json') && name !== 's3-key-encodings.json');
const observed = read('s3-key-encodings.json') as ObservedKeyEncoding[];

describe('events captured from real S3 (fixtures/events/captured)', () => {
  it('lists every captured event', () => {
    expect(eventFiles.sort()).toEqual(Object.keys(capturedEvents).sort());
  });

  it.each(Object.entries(capturedEvents))('%s is accepted as S3 sent it and names its object', (name, expected) => {
    const result = normaliseEvent(read(name));

    expect(result.items.map((item) => [item.bucket, item.key])).toEqual(expected.keys.map((key) => [expected.bucket, key]));
    expect(result.ignored.map((record) => record.key)).toEqual(expected.ignoredKeys ?? []);
  });

  it('keeps the version id and the size of an object in a versioned bucket', () => {
    const [item] = normaliseEvent(read('sqs-s3-put-versioned-powertools.json')).items;

    expect(item).toEqual({
      bucket: 'xxx',
      key: 'test.pdf',
      size: 104681,
      eTag: '2e3ad1e983318bbd8e73b080e2997980',
      versionId: 'yd3d4HaWOT2zguDLvIQLU6ptDTwKBnQV',
      eventName: 'ObjectCreated:Put',
      messageId: 'ca3e7a89-c358-40e5-8aa0-5da01403c267',
    });
  });
});

describe("S3's own key encoding, as reported from real notifications", () => {
  it('covers a space, a plus, parentheses, a colon and nested prefixes', () => {
    const encodings = observed.map((entry) => entry.encoded).join(' ');
    for (const sign of ['+', '%2B', '%28', '%29', '%3A', '/']) expect(encodings).toContain(sign);
  });

  it.each(observed.map((entry) => [entry.encoded, entry]))('%s decodes to the key that was uploaded', (_, entry) => {
    expect(decodeS3Key(entry.encoded)).toBe(entry.key);
  });

  it.each(observed.filter((entry) => !entry.decodeOnly).map((entry) => [entry.key, entry]))('%s is encoded as S3 encodes it (the kit uses this encoder)', (_, entry) => {
    expect(encodeS3Key(entry.key)).toBe(entry.encoded);
  });

  it("percent-encodes a non-ASCII key's UTF-8 bytes, keeping the '/' separators", () => {
    const key = 'images/日本/写真 café.jpeg';
    const utf8 = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

    expect(encodeS3Key(key)).toBe(`images/${utf8('日本')}/${utf8('写真')}+caf${utf8('é')}.jpeg`);
    expect(decodeS3Key(encodeS3Key(key))).toBe(key);
  });
});
