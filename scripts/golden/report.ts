import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { sniffImageFormat } from '../../functions/core/index.js';
import { escapeHtml, hrefOf, htmlPage } from '../report/html-page.js';
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

/** One row of a written report: its folder below the report and the pictures in it (relative to the report). */
export interface GoldenReportEntry {
  readonly result: GoldenResult;
  /** Folder of the row's pictures, and the row's `id` in index.html. */
  readonly folder: string;
  readonly expected?: string;
  readonly actual?: string;
  /** Differing pixels in red; only for a mismatch of equal sizes. */
  readonly diff?: string;
}

export interface GoldenReport {
  /** The index.html. */
  readonly file: string;
  /** Failures first, then by name: the order of the page. */
  readonly entries: readonly GoldenReportEntry[];
}

/** A folder name for a result: its name with every character outside [A-Za-z0-9._-] replaced. */
const folderFor = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Formats every browser shows as they are; anything else is converted to PNG for the page. */
const browserFormats: Readonly<Record<string, string>> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', avif: 'avif' };

/** Writes an image for the page (`<stem>.<ext>`); returns its file name, or undefined when there is nothing viewable to write. */
async function writePicture(dir: string, stem: string, image: Buffer | undefined): Promise<string | undefined> {
  if (image === undefined) return undefined;
  const ext = browserFormats[sniffImageFormat(image.subarray(0, 64)) ?? ''];
  try {
    const file = `${stem}.${ext ?? 'png'}`;
    await writeFile(path.join(dir, file), ext ? image : await sharp(image).png().toBuffer());
    return file;
  } catch {
    return undefined;
  }
}

const picture = (entry: GoldenReportEntry, file: string | undefined, alt: string): string =>
  file ? `<a href="${hrefOf(`${entry.folder}/${file}`)}"><img src="${hrefOf(`${entry.folder}/${file}`)}" alt="${alt} of ${escapeHtml(entry.result.name)}"></a>` : '-';

function row(entry: GoldenReportEntry): string {
  const { result } = entry;
  const reason = escapeHtml(result.comparison?.reason ?? result.error ?? '');
  if (isFailure(result)) {
    return `<tr class="fail" id="${entry.folder}"><td class="verdict">FAIL</td><td class="output"><code>${escapeHtml(result.name)}</code><br>${reason}</td><td>${picture(entry, entry.expected, 'expected')}</td><td>${picture(entry, entry.actual, 'actual')}</td><td>${picture(entry, entry.diff, 'diff')}</td></tr>`;
  }
  return `<tr class="pass" id="${entry.folder}"><td class="verdict">pass</td><td colspan="4"><details><summary><code>${escapeHtml(result.name)}</code> ${reason}</summary><div class="pair"><figure>${picture(entry, entry.expected, 'expected')}<figcaption>expected</figcaption></figure><figure>${picture(entry, entry.actual, 'actual')}<figcaption>actual</figcaption></figure></div></details></td></tr>`;
}

const style = `
td img { max-width: 320px; max-height: 320px; } td.output { min-width: 18em; max-width: 24em; }
.pair { display: flex; gap: 12px; } figure { margin: 6px 0; }
summary { cursor: pointer; }
`;

/**
 * Writes `dir/index.html`: one row per result, failures first with expected, actual and diff side
 * by side; each passing row opens (a `<details>`) to show expected and actual. The pictures go to
 * `dir/<row folder>/`. Replaces `dir`.
 */
export async function writeGoldenReport(dir: string, results: readonly GoldenResult[]): Promise<GoldenReport> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const ordered = [...results].sort((a, b) => Number(isFailure(b)) - Number(isFailure(a)) || a.name.localeCompare(b.name));
  const entries: GoldenReportEntry[] = [];
  const used = new Set<string>();
  for (const result of ordered) {
    let folder = folderFor(result.name);
    for (let n = 2; used.has(folder); n++) folder = `${folderFor(result.name)}-${n}`;
    used.add(folder);
    await mkdir(path.join(dir, folder), { recursive: true });
    const expected = await writePicture(path.join(dir, folder), 'expected', result.expected);
    const actual = await writePicture(path.join(dir, folder), 'actual', result.actual);
    const diff = await writePicture(path.join(dir, folder), 'diff', result.comparison?.diffPng);
    entries.push({ result, folder, ...(expected ? { expected } : {}), ...(actual ? { actual } : {}), ...(diff ? { diff } : {}) });
  }
  const failures = results.filter(isFailure).length;
  const title = `Golden images: ${failures} failing of ${results.length}`;
  const body = `<h1>${title}</h1>
<dl class="key">
<dt>FAIL</dt><dd>the output differs from its golden file (or one of them is missing): expected, actual, and the diff (differing pixels in red over a faded expected image)</dd>
<dt>pass</dt><dd>within the tolerance; open the row to see expected and actual</dd>
</dl>
<table><thead><tr><th>verdict</th><th>output</th><th>expected</th><th>actual</th><th>diff</th></tr></thead><tbody>
${entries.map(row).join('\n')}
</tbody></table>`;
  const file = path.join(dir, 'index.html');
  await writeFile(file, htmlPage(title, body, style));
  return { file, entries };
}

/**
 * Keeps `dir` true to the latest run: writes the report when a result fails, removes it when none
 * does, so a report never says "3 failing" after the goldens were fixed. Returns the report, if any.
 */
export async function updateGoldenReport(dir: string, results: readonly GoldenResult[]): Promise<GoldenReport | undefined> {
  if (results.some(isFailure)) return writeGoldenReport(dir, results);
  await rm(dir, { recursive: true, force: true });
  return undefined;
}
