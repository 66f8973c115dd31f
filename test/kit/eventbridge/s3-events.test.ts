import { describe, expect, it } from 'vitest';
import { buildS3BusEvent } from '../../../scripts/kit/eventbridge/s3-events.js';

const base = { bucket: 'amzn-s3-demo-bucket1', time: new Date('2021-11-12T00:00:00.000Z'), requestId: 'N4N7GDK58NMKJ12R', sourceIp: '1.2.3.4' };

describe('S3 events on the EventBridge bus (S3 user guide, "EventBridge message structure")', () => {
  it('builds Object Created in the documented shape, the key not URL-encoded', () => {
    const event = buildS3BusEvent({ ...base, key: 'images/a b+c é.jpg', eventName: 'ObjectCreated:Put', size: 5, eTag: 'b1946ac92492d2347c6235b4d2611184' }, { region: 'ca-central-1', accountId: '111122223333', versionId: 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', sequencer: '617f08299329d189' });
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '111122223333',
      time: '2021-11-12T00:00:00Z',
      region: 'ca-central-1',
      resources: ['arn:aws:s3:::amzn-s3-demo-bucket1'],
      detail: {
        version: '0',
        bucket: { name: 'amzn-s3-demo-bucket1' },
        object: { key: 'images/a b+c é.jpg', size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', 'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', sequencer: '617f08299329d189' },
        'request-id': 'N4N7GDK58NMKJ12R',
        requester: '111122223333',
        'source-ip-address': '1.2.3.4',
        reason: 'PutObject',
      },
    });
  });

  it('names the API call in reason, and leaves version-id out for an unversioned bucket', () => {
    const copy = buildS3BusEvent({ ...base, key: 'k', eventName: 'ObjectCreated:Copy', size: 1, eTag: 'e' }, { region: 'eu-west-1', accountId: '000000000000' });
    expect(copy.detail.reason).toBe('CopyObject');
    expect('version-id' in copy.detail.object).toBe(false);
    const multipart = buildS3BusEvent({ ...base, key: 'k', eventName: 'ObjectCreated:CompleteMultipartUpload', size: 1, eTag: 'e' }, { region: 'eu-west-1', accountId: '000000000000' });
    expect(multipart.detail.reason).toBe('CompleteMultipartUpload');
  });

  it('builds Object Deleted without size or etag', () => {
    const event = buildS3BusEvent({ ...base, key: 'images/a.jpg', eventName: 'ObjectRemoved:Delete' }, { region: 'eu-west-1', accountId: '000000000000' });
    expect(event['detail-type']).toBe('Object Deleted');
    expect(event.detail.object).toEqual({ key: 'images/a.jpg', sequencer: expect.any(String) });
    expect(event.detail).toMatchObject({ reason: 'DeleteObject', 'deletion-type': 'Permanently Deleted' });
  });
});
