import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVerdictFile, verdictDifferences, writeVerdictFile, type VerdictFile } from '../../scripts/kit/run/verdict-file.js';

type Image = VerdictFile['images'][number];
const image = (file: string, verdict: Image['verdict'], note = 'ok'): Image => ({ file, hostile: file.startsWith('hostile/'), verdict, pass: verdict !== 'fail', note });
const run = (target: string, ...images: Image[]): VerdictFile => ({ target, stack: 'local', images });

describe('comparing the verdicts of two runs of the same images', () => {
  it('finds none when every image ended the same, whatever the notes say', () => {
    expect(verdictDifferences(run('embedded', image('a.jpg', 'pass', '6 outputs')), run('localstack', image('a.jpg', 'pass', 'other words')))).toEqual([]);
  });

  it('names each image whose verdict differs, with both notes', () => {
    const differences = verdictDifferences(
      run('embedded', image('a.jpg', 'pass'), image('hostile/corrupt.jpg', 'pass', 'dead-lettered')),
      run('localstack', image('a.jpg', 'pass'), image('hostile/corrupt.jpg', 'fail', 'lost')),
    );
    expect(differences).toEqual(['hostile/corrupt.jpg: pass on embedded (dead-lettered), fail on localstack (lost)']);
  });

  it('names an image only one run has', () => {
    expect(verdictDifferences(run('embedded', image('a.jpg', 'pass'), image('b.jpg', 'pass')), run('localstack', image('a.jpg', 'pass')))).toEqual(['b.jpg: only in the embedded run']);
  });

  it('leaves out an excused image (a known gap of the endpoint)', () => {
    const excused = new Map([['b.jpg', 'known gap']]);
    expect(verdictDifferences(run('embedded', image('b.jpg', 'pass')), run('localstack', image('b.jpg', 'fail')), excused)).toEqual([]);
  });

  it('reads back what it writes, and refuses a file of another shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdicts-'));
    const file = run('embedded', image('a.jpg', 'no-golden'));
    await writeVerdictFile(join(dir, 'deeper', 'v.json'), file);
    await expect(readVerdictFile(join(dir, 'deeper', 'v.json'))).resolves.toEqual(file);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ target: 'x', images: [{ file: 'a.jpg' }] }));
    await expect(readVerdictFile(join(dir, 'bad.json'))).rejects.toThrow(/is not a verdict file of npm run local --json/);
  });
});
