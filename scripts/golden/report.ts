import escapeHtml from 'escape-html';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Comparison } from './compare.js';

/** One golden check: an output compared with its golden file (either may be missing). */
export interface GoldenResult {
  /** What was checked, e.g. `seed-multi/photo-640x480_150.jpg`. */
  readonly name: string;
  /** Undefined when the golden or the output is missing. */
  readonly comparison?: Comparison;
  /** Why there is no comparison, e.g. "no golden file". */
  readonly error?: string;
  readonly expected?: Buffer;
  readonly actual?: Buffer;
}

export const isFailure = (result: GoldenResult): boolean => result.comparison?.match !== true;

/** A folder name for a result: its name with every character outside [A-Za-z0-9._-] replaced. */
const folderFor = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_');

async function writePng(file: string, image: Buffer | undefined): Promise<boolean> {
  if (image === undefined) return false;
  try {
    await writeFile(file, await sharp(image).png().toBuffer());
    return true;
  } catch {
    return false;
  }
}

function row(result: GoldenResult, folder: string, images: { expected: boolean; actual: boolean; diff: boolean }): string {
  const failed = isFailure(result);
  const verdict = failed ? 'FAIL' : 'pass';
  const reason = result.comparison?.reason ?? result.error ?? '';
  const cell = (present: boolean, file: string, alt: string): string =>
    present ? `<td><a href="${folder}/${file}"><img src="${folder}/${file}" alt="${alt}"></a></td>` : '<td>-</td>';
  const pictures = failed
    ? cell(images.expected, 'expected.png', 'expected') + cell(images.actual, 'actual.png', 'actual') + cell(images.diff, 'diff.png', 'diff')
    : '<td colspan="3"></td>';
  return `<tr class="${verdict.toLowerCase()}"><td>${verdict}</td><td><code>${escapeHtml(result.name)}</code><br>${escapeHtml(reason)}</td>${pictures}</tr>`;
}

/**
 * Writes `dir/index.html`: one row per result with its verdict and reason, failures first with
 * expected.png, actual.png and diff.png side by side (written to `dir/<name>/`). Replaces `dir`.
 * Returns the path of the report.
 */
export async function writeGoldenReport(dir: string, results: readonly GoldenResult[]): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const ordered = [...results].sort((a, b) => Number(isFailure(b)) - Number(isFailure(a)) || a.name.localeCompare(b.name));
  const rows: string[] = [];
  const used = new Set<string>();
  for (const result of ordered) {
    let folder = folderFor(result.name);
    for (let n = 2; used.has(folder); n++) folder = `${folderFor(result.name)}-${n}`;
    used.add(folder);
    let images = { expected: false, actual: false, diff: false };
    if (isFailure(result)) {
      await mkdir(path.join(dir, folder), { recursive: true });
      images = {
        expected: await writePng(path.join(dir, folder, 'expected.png'), result.expected),
        actual: await writePng(path.join(dir, folder, 'actual.png'), result.actual),
        diff: await writePng(path.join(dir, folder, 'diff.png'), result.comparison?.diffPng),
      };
    }
    rows.push(row(result, folder, images));
  }
  const failures = results.filter(isFailure).length;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Golden images: ${failures} failing of ${results.length}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; }
td { border-top: 1px solid #ddd; padding: 6px; vertical-align: top; }
tr.fail td:first-child { color: #b00; font-weight: bold; }
tr.pass td:first-child { color: #070; }
img { max-width: 320px; max-height: 320px; background: repeating-conic-gradient(#ccc 0 25%, #fff 0 50%) 0 0 / 16px 16px; }
</style></head><body>
<h1>Golden images: ${failures} failing of ${results.length}</h1>
<table><thead><tr><th>verdict</th><th>output</th><th>expected</th><th>actual</th><th>diff</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
  const report = path.join(dir, 'index.html');
  await writeFile(report, html);
  return report;
}
