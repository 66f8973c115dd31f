import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../scripts/kit/eventbridge/event-pattern.js';
import { escapeWildcard } from '../../../scripts/kit/eventbridge/wildcard.js';

/**
 * AWS's documented examples. Sections of the EventBridge user guide:
 * CF = "Content filtering in Amazon EventBridge event patterns" (awsdocs/amazon-eventbridge-user-guide,
 *      doc_source/eb-event-patterns-content-based-filtering.md, and the current page's prefix/suffix
 *      ignore-case sections);
 * OPS = "Comparison operators for use in event patterns" (its summary table);
 * ARR = "Arrays in Amazon EventBridge event patterns"; NULL = "Matching null values and empty strings".
 * Where the docs give only the pattern and say what it matches, the event is that sentence made
 * concrete; "kit:" rows are the kit's own negatives and edge cases.
 */
const ec2Event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
};

const complexPattern = {
  time: [{ prefix: '2017-10-02' }],
  detail: {
    state: [{ 'anything-but': 'initializing' }],
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ 'anything-but': [100, 200, 300] }],
  },
};

const table: { section: string; pattern: unknown; event: unknown; matches: boolean }[] = [
  { section: 'CF Prefix matching', pattern: { time: [{ prefix: '2017-10-02' }] }, event: { time: '2017-10-02T18:43:48Z' }, matches: true },
  { section: 'kit: prefix, another day', pattern: { time: [{ prefix: '2017-10-02' }] }, event: { time: '2017-10-03T18:43:48Z' }, matches: false },
  { section: 'CF Prefix matching while ignoring case', pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, event: { detail: { service: 'EVENTBRIDGE' } }, matches: true },
  { section: 'CF Prefix matching while ignoring case (eventb)', pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, event: { detail: { service: 'eventbus' } }, matches: true },
  { section: 'CF Suffix matching', pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'cat.png' }, matches: true },
  { section: 'kit: suffix is case-sensitive', pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'cat.PNG' }, matches: false },
  { section: 'CF Suffix matching while ignoring case', pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, event: { detail: { FileName: 'cat.PNG' } }, matches: true },
  { section: 'CF Anything-but (string)', pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } }, event: { detail: { state: 'initializing' } }, matches: false },
  { section: 'CF Anything-but (string), another state', pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } }, event: { detail: { state: 'running' } }, matches: true },
  { section: 'CF Anything-but (number)', pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, event: { detail: { 'x-limit': 123 } }, matches: false },
  { section: 'CF Anything-but (number), another value', pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, event: { detail: { 'x-limit': 124 } }, matches: true },
  { section: 'CF Anything-but (list of strings)', pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, event: { detail: { state: 'overloaded' } }, matches: false },
  { section: 'CF Anything-but (list of strings), not listed', pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, event: { detail: { state: 'running' } }, matches: true },
  { section: 'CF Anything-but (list of numbers)', pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, event: { detail: { 'x-limit': 200 } }, matches: false },
  { section: 'CF Anything-but prefix', pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, event: { detail: { state: 'initializing' } }, matches: false },
  { section: 'CF Anything-but prefix, no such prefix', pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, event: { detail: { state: 'running' } }, matches: true },
  { section: 'OPS Anything-but (begins with): Region is not in the US', pattern: { Region: [{ 'anything-but': { prefix: 'us-' } }] }, event: { Region: 'eu-west-1' }, matches: true },
  { section: 'OPS Anything-but (ends with): not a .png', pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] }, event: { FileName: 'cat.png' }, matches: false },
  { section: 'OPS Anything-but (ignore case)', pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }, event: { state: 'INITIALIZING' }, matches: false },
  { section: 'OPS Anything-but using a wildcard: not under /lib/', pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, event: { FilePath: '/usr/lib/libc.so' }, matches: false },
  { section: 'OPS Anything-but using a wildcard, elsewhere', pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, event: { FilePath: '/usr/bin/env' }, matches: true },
  { section: 'OPS Begins with: Region is in the US', pattern: { Region: [{ prefix: 'us-' }] }, event: { Region: 'us-east-1' }, matches: true },
  { section: 'OPS Begins with (ignore case)', pattern: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, event: { service: 'EventBridge' }, matches: true },
  { section: 'CF Numeric matching', pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } }, event: { detail: { 'c-count': 5, 'd-count': 9, 'x-limit': 301.8 } }, matches: true },
  { section: 'CF Numeric matching, c-count out of range', pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, event: { detail: { 'c-count': 0 } }, matches: false },
  { section: 'kit: numeric needs a JSON number', pattern: { detail: { 'c-count': [{ numeric: ['>', 0] }] } }, event: { detail: { 'c-count': '3' } }, matches: false },
  { section: 'CF IP address matching', pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, event: { detail: { sourceIPAddress: '10.0.0.255' } }, matches: true },
  { section: 'CF IP address matching, outside the block', pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, event: { detail: { sourceIPAddress: '10.0.1.1' } }, matches: false },
  { section: 'CF IP address matching (IPv6)', pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8::/32' }] } }, event: { detail: { sourceIPAddress: '2001:db8:1::7' } }, matches: true },
  { section: 'CF Exists matching', pattern: { detail: { state: [{ exists: true }] } }, event: ec2Event, matches: true },
  { section: 'CF Exists matching, no detail.state', pattern: { detail: { state: [{ exists: true }] } }, event: { 'detail-type': ['EC2 Instance State-change Notification'], detail: { 'c-count': { c1: 100 } } }, matches: false },
  { section: 'CF Exists matching (false): c-count is not a leaf node', pattern: { detail: { 'c-count': [{ exists: false }] } }, event: { detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } } }, matches: true },
  { section: 'CF Exists matching (false), c-count present', pattern: { detail: { 'c-count': [{ exists: false }] } }, event: { detail: { 'c-count': 1 } }, matches: false },
  { section: 'CF Complex example with multiple matching', pattern: complexPattern, event: { time: '2017-10-02T01:00:00Z', detail: { state: 'running', 'c-count': 3, 'd-count': 2, 'x-limit': 150 } }, matches: true },
  { section: 'CF Complex example, x-limit excluded', pattern: complexPattern, event: { time: '2017-10-02T01:00:00Z', detail: { state: 'running', 'c-count': 3, 'd-count': 2, 'x-limit': 300 } }, matches: false },
  { section: 'ARR Arrays: the pattern and the event arrays intersect', pattern: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f', 'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'] }, event: { resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate', 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] }, matches: true },
  { section: 'kit: arrays that do not intersect', pattern: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] }, event: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-other'] }, matches: false },
  { section: 'NULL empty string', pattern: { detail: { eventVersion: [''] } }, event: { detail: { eventVersion: '', responseElements: null } }, matches: true },
  { section: 'NULL null value', pattern: { detail: { responseElements: [null] } }, event: { detail: { eventVersion: '', responseElements: null } }, matches: true },
  { section: 'NULL an empty-string pattern does not match null', pattern: { detail: { responseElements: [''] } }, event: { detail: { eventVersion: '', responseElements: null } }, matches: false },
  { section: 'kit: equals-ignore-case', pattern: { state: [{ 'equals-ignore-case': 'Running' }] }, event: { state: 'RUNNING' }, matches: true },
  { section: 'kit: a field the event lacks', pattern: { source: ['aws.ec2'], detail: { missing: ['x'] } }, event: ec2Event, matches: false },
  { section: 'kit: $or, second branch', pattern: { source: ['aws.ec2'], $or: [{ detail: { state: ['running'] } }, { 'detail-type': ['EC2 Instance State-change Notification'] }] }, event: ec2Event, matches: true },
  { section: 'kit: $or, no branch', pattern: { $or: [{ detail: { state: ['running'] } }, { region: ['eu-west-1'] }] }, event: ec2Event, matches: false },
];

describe('EventBridge event patterns', () => {
  it.each(table)('$section', ({ pattern, event, matches }) => {
    expect(compileEventPattern(pattern, 'test').matches(event)).toBe(matches);
  });

  it('uses the last of two identical keys, as the docs note (CF Complex example, Note)', () => {
    const text = '{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}';
    const pattern = compileEventPattern(text, 'test');
    expect(pattern.matches({ detail: { location: 'eu-west' } })).toBe(true);
    expect(pattern.matches({ detail: { location: 'us-east' } })).toBe(false);
  });

  it('matches the contract rule: the bucket and the key wildcards, with * and \\ in the prefix escaped', () => {
    const prefix = 'in*box\\images/';
    const pattern = compileEventPattern(
      { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['uploads'] }, object: { key: ['.jpg', '.png'].map((s) => ({ wildcard: `${escapeWildcard(prefix)}*${s}` })) } } },
      'rule uploads',
    );
    const event = (bucket: string, key: string, detailType = 'Object Created') => ({ source: 'aws.s3', 'detail-type': detailType, detail: { bucket: { name: bucket }, object: { key } } });
    expect(pattern.matches(event('uploads', `${prefix}cat's "photo" é.jpg`))).toBe(true);
    expect(pattern.matches(event('uploads', `${prefix}sub/dir/cat.png`))).toBe(true);
    expect(pattern.matches(event('uploads', 'inXbox\\images/cat.jpg'))).toBe(false);
    expect(pattern.matches(event('uploads', `${prefix}cat.gif`))).toBe(false);
    expect(pattern.matches(event('elsewhere', `${prefix}cat.jpg`))).toBe(false);
    expect(pattern.matches(event('uploads', `${prefix}cat.jpg`, 'Object Deleted'))).toBe(false);
  });

  it('names an unsupported operator and where it is, when the pattern is compiled', () => {
    expect(() => compileEventPattern({ detail: { type: [{ contains: 'Normal' }] } }, 'aws_cloudwatch_event_rule.uploads')).toThrow(
      'aws_cloudwatch_event_rule.uploads.detail.type[0].contains: unsupported operator "contains"',
    );
    expect(() => compileEventPattern({ detail: { state: [{ 'anything-but': { contains: 'x' } }] } }, 'rule r')).toThrow(/unsupported operator "contains" inside anything-but/);
    expect(() => compileEventPattern({ n: [{ numeric: ['!=', 1] }] }, 'rule r')).toThrow(/unsupported numeric operator "!="/);
    expect(() => compileEventPattern({ key: [{ wildcard: 'a**b' }] }, 'rule r')).toThrow(/consecutive \*/);
    expect(() => compileEventPattern({ ip: [{ cidr: '10.0.0.0/33' }] }, 'rule r')).toThrow(/CIDR/);
    expect(() => compileEventPattern('{not json', 'rule r')).toThrow(/not JSON/);
  });
});
