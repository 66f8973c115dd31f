import { describe, expect, it } from 'vitest';
import { resolvePipelineConfig, type PipelineConfig } from '../../config/index.js';
import { failureOf } from './failure-of.js';

const withAfter = (after: unknown, rest: object = {}): unknown => ({ namePrefix: 'imgpipe', ...rest, after });
const afterOf = (after: unknown, rest: object = {}) => resolvePipelineConfig(withAfter(after, rest) as PipelineConfig).after;
const subscriber = (fields: object = {}) => ({ id: 'orders-app', url: 'https://orders.example.com/hooks/images', ...fields });
const withSubscriber = (fields: object) => ({ webhooks: { subscriptions: [subscriber(fields)] } });

describe('after: each step off unless configured', () => {
  it('turns nothing on when after is left out or empty', () => {
    expect(resolvePipelineConfig({ namePrefix: 'imgpipe' }).after).toEqual({});
    expect(afterOf({})).toEqual({});
    expect(afterOf({ metadata: false, archive: false })).toEqual({});
  });

  it('reads `true` as the step with its defaults', () => {
    const defaultSuffixes = resolvePipelineConfig({ namePrefix: 'imgpipe' }).trigger.suffixes;
    expect(afterOf({ metadata: true, archive: true })).toEqual({
      metadata: { store: 'object', prefix: 'metadata/' },
      // Every trigger suffix is archived unless the archive names its own.
      archive: { prefix: 'zip/', suffixes: defaultSuffixes, keepFolders: true },
    });
    expect(defaultSuffixes).toContain('.PNG');
  });

  it('archives the trigger suffixes of the configuration itself by default', () => {
    expect(afterOf({ archive: true }, { trigger: { suffixes: ['.png', '.PNG'] } }).archive?.suffixes).toEqual(['.png', '.PNG']);
  });

  it('keeps a table store without an object prefix', () => {
    expect(afterOf({ metadata: { store: 'table' } }).metadata).toEqual({ store: 'table' });
  });

  it('applies the webhook defaults and derives the notify timeouts from the request timeout', () => {
    expect(afterOf({ webhooks: { subscriptions: [subscriber()], timeoutSeconds: 8 } }).webhooks).toEqual({
      subscriptions: [{ ...subscriber(), events: ['image.processed'] }],
      timeoutSeconds: 8,
      maxReceiveCount: 5,
      batchSize: 10,
      secretCacheSeconds: 300,
      // One request timeout plus 10 s; the queue waits six function timeouts before redelivering.
      functionTimeoutSeconds: 18,
      visibilityTimeoutSeconds: 108,
    });
  });
});

describe('after: every field validated, the field named in the error', () => {
  const cases: [string, unknown, string, string][] = [
    ['metadata as text', { metadata: 'yes' }, 'after.metadata', 'must be an object, got a string ("yes")'],
    ['an unknown store', { metadata: { store: 'redis' } }, 'after.metadata.store', 'must be one of object, table, got "redis"'],
    ['a metadata prefix without its slash', { metadata: { prefix: 'meta' } }, 'after.metadata.prefix', `must be empty or folders ending in '/' (e.g. metadata/), got "meta"`],
    ['keepFolders as text', { archive: { keepFolders: 'no' } }, 'after.archive.keepFolders', 'must be true or false, got a string ("no")'],
    ['an archive suffix that is no extension', { archive: { suffixes: ['png'] } }, 'after.archive.suffixes[0]', `must be an extension such as '.png', got "png"`],
    ['no archive suffix at all', { archive: { suffixes: [] } }, 'after.archive.suffixes', 'must name at least one suffix'],
    ['a repeated archive suffix', { archive: { suffixes: ['.png', '.png'] } }, 'after.archive.suffixes', 'must name each suffix once'],
    ['webhooks without subscriptions', { webhooks: { subscriptions: [] } }, 'after.webhooks.subscriptions', 'must name at least one subscription'],
    ['one subscription instead of a list', { webhooks: { subscriptions: subscriber() } }, 'after.webhooks.subscriptions', 'must be a list, got an object'],
    ['a timeout as text', { webhooks: { subscriptions: [subscriber()], timeoutSeconds: '5' } }, 'after.webhooks.timeoutSeconds', 'must be a number, got a string ("5")'],
    ['a timeout out of range', { webhooks: { subscriptions: [subscriber()], timeoutSeconds: 31 } }, 'after.webhooks.timeoutSeconds', 'must be an integer from 1 to 30, got 31'],
    ['a batch over 10', { webhooks: { subscriptions: [subscriber()], batchSize: 11 } }, 'after.webhooks.batchSize', 'must be an integer from 1 to 10, got 11'],
    ['no delivery at all', { webhooks: { subscriptions: [subscriber()], maxReceiveCount: 0 } }, 'after.webhooks.maxReceiveCount', 'must be an integer from 1 to 100, got 0'],
    ['a cache longer than an hour', { webhooks: { subscriptions: [subscriber()], secretCacheMinutes: 61 } }, 'after.webhooks.secretCacheMinutes', 'must be an integer from 0 to 60, got 61'],
    ['an id with capitals', withSubscriber({ id: 'Orders' }), 'after.webhooks.subscriptions[0].id', 'must be 1-40 lowercase letters, digits or dashes, starting with a letter, got "Orders"'],
    ['a URL as a number', withSubscriber({ url: 443 }), 'after.webhooks.subscriptions[0].url', 'must be text, got a number (443)'],
    ['an event there is none of', withSubscriber({ events: ['image.deleted'] }), 'after.webhooks.subscriptions[0].events[0]', 'must be one of image.processed, got "image.deleted"'],
    ['no event', withSubscriber({ events: [] }), 'after.webhooks.subscriptions[0].events', 'must name at least one event'],
  ];
  it.each(cases)('refuses %s', (_, after, field, message) => {
    const error = failureOf(withAfter(after));
    expect(error.field).toBe(field);
    expect(error.message).toContain(`Invalid pipeline configuration: ${field} ${message}`);
  });

  it('refuses an unknown field at every level, listing the fields there are', () => {
    expect(failureOf(withAfter({ metdata: true })).message).toBe(
      'Invalid pipeline configuration: after.metdata is not a known field (got true); after takes metadata, archive, webhooks',
    );
    expect(failureOf(withAfter({ archive: { folders: false } })).field).toBe('after.archive.folders');
    expect(failureOf(withAfter(withSubscriber({ secret: 'whsec_x' }))).message).toContain(
      'after.webhooks.subscriptions[0].secret is not a known field (got "whsec_x"); after.webhooks.subscriptions[0] takes id, url, events',
    );
  });

  it('refuses a repeated subscription id, naming the repeat', () => {
    const error = failureOf(withAfter({ webhooks: { subscriptions: [subscriber(), subscriber({ url: 'https://other.example.com/' })] } }));
    expect(error.field).toBe('after.webhooks.subscriptions[1].id');
    expect(error.message).toContain('repeats "orders-app"; each subscription id once');
  });

  it('refuses an archive suffix that is not a trigger suffix: only processed uploads are archived', () => {
    const error = failureOf(withAfter({ archive: { suffixes: ['.png', '.heic'] } }, { trigger: { suffixes: ['.png', '.jpg'] } }));
    expect(error.field).toBe('after.archive.suffixes[1]');
    expect(error.message).toContain('must be one of trigger.suffixes (.png .jpg): only processed uploads are archived, got ".heic"');
  });
});

describe('webhook URLs: https only, plain http to this machine alone', () => {
  const urlOf = (url: string) => afterOf(withSubscriber({ url })).webhooks?.subscriptions[0]?.url;
  const refusedField = (url: string) => failureOf(withAfter(withSubscriber({ url }))).field;

  it.each(['https://orders.example.com/hooks/images', 'https://cms.example.com', 'https://hooks.example.com:8443/a?b=c'])('accepts %s', (url) => {
    expect(urlOf(url)).toBe(url);
  });

  it.each(['http://127.0.0.1:54321/hooks', 'http://localhost:8080/', 'http://[::1]:9000'])('accepts the local receiver %s', (url) => {
    expect(urlOf(url)).toBe(url);
  });

  it.each([
    'http://orders.example.com/hooks/images',
    'http://127.0.0.1.attacker.example/hooks',
    'http://localhost@attacker.example/',
    'http://10.0.0.5/hooks',
    'ftp://orders.example.com/',
    'https://',
    'orders.example.com/hooks',
  ])('refuses %s', (url) => {
    expect(refusedField(url)).toBe('after.webhooks.subscriptions[0].url');
  });

  it('says what it wants', () => {
    expect(failureOf(withAfter(withSubscriber({ url: 'http://orders.example.com/' }))).message).toContain(
      'must be an https URL (plain http only to 127.0.0.1, localhost or [::1]), got "http://orders.example.com/"',
    );
  });
});

describe('the recursion guard on what the steps write into a shared bucket', () => {
  const shared = (trigger: object, after: unknown) =>
    withAfter(after, { trigger, output: { sameBucketAsUploads: true }, processing: 'seed-contain400' });

  it('refuses metadata records the trigger would pick up again', () => {
    const error = failureOf(shared({ prefix: 'images/', suffixes: ['.png', '.json'] }, { metadata: { prefix: 'images/records/' } }));
    expect(error.field).toBe('after.metadata.prefix');
    expect(error.message).toContain('"images/records/" writes "images/records/{path}.json" keys that match the trigger (prefix "images/", suffixes .png .json)');
  });

  it('refuses archives the trigger would pick up again', () => {
    const error = failureOf(shared({ prefix: 'images/', suffixes: ['.png', '.zip'] }, { archive: { prefix: 'images/zip/', suffixes: ['.png'] } }));
    expect(error.field).toBe('after.archive.prefix');
    expect(error.message).toContain('"images/zip/" writes "images/zip/{path}.zip" keys that match the trigger');
  });

  it('reports both locations at once', () => {
    const error = failureOf(shared(
      { prefix: 'images/', suffixes: ['.png', '.zip', '.json'] },
      { metadata: { prefix: 'images/records/' }, archive: { prefix: 'images/', suffixes: ['.png'] } },
    ));
    expect(error.issues.map((issue) => issue.field)).toEqual(['after.metadata.prefix', 'after.archive.prefix']);
  });

  it('accepts the default locations beside the images trigger', () => {
    expect(afterOf({ metadata: true, archive: true }, { output: { sameBucketAsUploads: true }, processing: 'seed-contain400' })).toMatchObject({
      metadata: { prefix: 'metadata/' },
      archive: { prefix: 'zip/' },
    });
  });

  it('accepts records under the trigger prefix when their suffix cannot match', () => {
    const after = afterOf(
      { metadata: { prefix: 'images/records/' }, archive: { prefix: 'images/zip/' } },
      { output: { sameBucketAsUploads: true }, processing: 'seed-contain400' },
    );
    expect(after.metadata).toEqual({ store: 'object', prefix: 'images/records/' });
  });

  it('ignores a table store: it writes nothing into the bucket', () => {
    // The same prefix with the object store is refused above.
    expect(afterOf({ metadata: { store: 'table', prefix: 'images/records/' } }, { trigger: { suffixes: ['.png', '.json'] }, output: { sameBucketAsUploads: true }, processing: 'seed-contain400' }).metadata).toEqual({ store: 'table' });
  });

  it('does not apply when the outputs have their own bucket', () => {
    expect(afterOf({ metadata: { prefix: 'images/records/' } }, { trigger: { suffixes: ['.png', '.json'] } }).metadata).toEqual({
      store: 'object',
      prefix: 'images/records/',
    });
  });
});
