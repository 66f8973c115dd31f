import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseEvent } from '../../../functions/events/index.js';
import { eventFixtures, fixtureEventsDir } from '../../support/event-fixtures.js';

const onDisk = readdirSync(fixtureEventsDir).filter((name) => name.endsWith('.json'));
const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, fixtureEventsDir), 'utf8'));

describe('fixtures/events', () => {
  it('holds exactly the fixtures the factories describe', () => {
    expect(onDisk.sort()).toEqual(Object.keys(eventFixtures).sort());
  });

  it.each(Object.entries(eventFixtures))('%s normalises to its keys', (name, fixture) => {
    const result = normaliseEvent(read(name));
    expect(result.items.map((item) => item.key)).toEqual(fixture.keys);
    expect(result.ignored.map((record) => record.key)).toEqual(fixture.ignoredKeys ?? []);
  });

  it('stores S3 notification keys URL-encoded, as S3 sends them', () => {
    const raw = JSON.stringify(read('s3-put.json'));
    expect(raw).toContain('"key":"images/summer+holiday+%282026%29/photo-640x480.jpg"');
  });

  it('names fixture images by base name', () => {
    for (const fixture of Object.values(eventFixtures)) {
      for (const key of fixture.keys) {
        const base = key.split('/').pop()!;
        const exists = [base, `hostile/${base}`].some((path) => {
          try {
            return readFileSync(new URL(`../../../fixtures/images/${path}`, import.meta.url)).length > 0;
          } catch {
            return false;
          }
        });
        expect(exists, key).toBe(true);
      }
    }
  });
});
