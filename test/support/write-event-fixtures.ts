/** Rewrites fixtures/events/*.json from the factories: `npx tsx test/support/write-event-fixtures.ts`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { eventFixtures, fixtureEventsDir } from './event-fixtures.js';

mkdirSync(fixtureEventsDir, { recursive: true });
for (const [name, { event }] of Object.entries(eventFixtures)) {
  writeFileSync(new URL(name, fixtureEventsDir), `${JSON.stringify(event, null, 2)}\n`);
  console.log(`fixtures/events/${name}`);
}
