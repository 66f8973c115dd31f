import escapeHtml from 'escape-html';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeGoldenReport } from '../../golden/index.js';
import type { ImageRun } from './run-uploads.js';
import { summaryRows } from './summary-table.js';

/** Writes `<dir>/index.html` (per image: verdict, result, timing, reason) and the golden diff report in `<dir>/golden/`. */
export async function writeLocalReport(dir: string, runs: readonly ImageRun[], context: { target: string; summary: readonly string[] }): Promise<string> {
  await mkdir(dir, { recursive: true });
  const goldenResults = runs.flatMap((r) => r.golden);
  const goldenReport = goldenResults.length > 0 ? await writeGoldenReport(join(dir, 'golden'), goldenResults) : undefined;
  const failures = runs.filter((r) => !r.pass).length;
  const rows = summaryRows(runs)
    .map((r) => `<tr class="${r.verdict === 'pass' ? 'pass' : 'fail'}"><td><code>${escapeHtml(r.image)}</code></td><td>${r.verdict}</td><td>${escapeHtml(r.result)}</td><td>${r.outputs}</td><td>${r.ms}</td><td>${r.golden}</td><td>${escapeHtml(r.note)}</td></tr>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>npm run local: ${failures} failing of ${runs.length}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; } td, th { border-top: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
tr.fail td:nth-child(2) { color: #b00; font-weight: bold; } tr.pass td:nth-child(2) { color: #070; }
</style></head><body>
<h1>npm run local (${escapeHtml(context.target)}): ${failures} failing of ${runs.length}</h1>
<ul>${context.summary.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
${goldenReport ? '<p><a href="golden/index.html">Golden image comparison</a></p>' : ''}
<table><thead><tr><th>image</th><th>verdict</th><th>result</th><th>outputs</th><th>ms upload to last output</th><th>golden</th><th>reason</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
  const file = join(dir, 'index.html');
  await writeFile(file, html);
  return file;
}
