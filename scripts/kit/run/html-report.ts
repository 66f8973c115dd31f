import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isFailure, writeGoldenReport, type GoldenReportEntry, type GoldenResult } from '../../golden/index.js';
import { escapeHtml, hrefOf, htmlPage } from '../../report/html-page.js';
import { executionSummaryLines, type RunExecution } from './executions.js';
import type { OutputImage } from './output-images.js';
import type { ImageRun } from './run-uploads.js';
import type { AfterStepsResult } from './after-steps-check.js';
import { hasAfterSteps, hasExecutions, summaryRows, verdictLabel } from './summary-table.js';

export interface LocalReportContext {
  /** `embedded` or `localstack`. */
  readonly target: string;
  /** What was built and what was not, one line each. */
  readonly summary: readonly string[];
  /** Files of the images folder that are not images by content (not uploaded). */
  readonly skipped?: readonly string[];
}

/** The folder runUploads saves outputs to for the report (`saveOutputsTo`). */
export const reportOutputsDir = (reportDir: string): string => join(reportDir, 'outputs');

/** The report folder holds something else: its `outputs/` or `golden/` is not from a report of this command. */
export class ReportFolderError extends Error {
  override readonly name = 'ReportFolderError';
}

/** In every report's title: how a folder is recognised as one this command wrote. */
const titleMark = '<title>npm run local';

/**
 * Empties the report's `outputs/` before a run, so it holds this run's outputs only. Refuses a
 * folder whose `outputs/` or `golden/` was not written by this command (no report of ours beside
 * them): `--report ~/Pictures` must not delete anyone's pictures.
 */
export async function clearReportOutputs(dir: string, shownAs: string = dir): Promise<void> {
  const ours = (await readFile(join(dir, 'index.html'), 'utf8').catch(() => '')).includes(titleMark);
  for (const sub of ['outputs', 'golden']) {
    if (!ours && existsSync(join(dir, sub))) throw new ReportFolderError(`--report ${shownAs}: ${sub}/ there is not from npm run local (no report of it beside); choose a new or empty folder`);
  }
  await rm(reportOutputsDir(dir), { recursive: true, force: true });
}

/** Failing rows first, then images without goldens, then passes; the run's order within each. */
const verdictOrder = { fail: 0, 'no-golden': 1, pass: 2 } as const;

const kib = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/** The longest folder prefix shared by every key (`2026/12/02/<uuid>-holiday/`), or ''. */
function commonFolder(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  let prefix = keys[0]!.slice(0, keys[0]!.lastIndexOf('/') + 1);
  for (const key of keys) while (!key.startsWith(prefix)) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
  return prefix;
}

/** A small contact sheet: each output as a thumbnail (linked to the file), its name, dimensions and bytes. */
function contactSheet(dir: string, images: readonly OutputImage[]): string {
  if (images.length === 0) return '';
  const folder = commonFolder(images.map((i) => i.key));
  const figures = images.map((image) => {
    const size = image.width !== undefined && image.height !== undefined ? `${image.width}x${image.height}` : 'unreadable';
    const scale = image.width && image.height ? Math.min(1, 88 / Math.max(image.width, image.height)) : 1;
    const thumb = image.file
      ? `<a href="${hrefOf(relative(dir, image.file))}"><img src="${hrefOf(relative(dir, image.file))}" alt="${escapeHtml(image.key)}" width="${Math.max(1, Math.round((image.width ?? 88) * scale))}" height="${Math.max(1, Math.round((image.height ?? 88) * scale))}"></a>`
      : '';
    return `<figure title="${escapeHtml(image.key)}">${thumb}<figcaption><code>${escapeHtml(image.key.slice(folder.length))}</code><br>${size}, ${kib(image.bytes)}</figcaption></figure>`;
  });
  return `${folder ? `<div class="folder">outputs under <code>${escapeHtml(folder)}</code></div>` : ''}<div class="sheet">${figures.join('')}</div>`;
}

/** Links from an image's failing golden checks to their diff (or, without one, to their row in the golden report). */
function goldenLinks(run: ImageRun, entries: ReadonlyMap<GoldenResult, GoldenReportEntry>): string {
  const links = run.golden.filter(isFailure).map((result) => {
    const entry = entries.get(result);
    if (!entry) return '';
    const name = escapeHtml(result.name.split('/').pop() ?? result.name);
    const diff = entry.diff ? `<a href="${hrefOf(`golden/${entry.folder}/${entry.diff}`)}">diff of ${name}</a>` : '';
    return `<li>${diff}${diff ? ' · ' : ''}<a href="golden/index.html#${encodeURIComponent(entry.folder)}">${diff ? 'expected and actual' : `${name}: expected and actual`}</a></li>`;
  });
  return links.length > 0 ? `<ul class="links">${links.join('')}</ul>` : '';
}

/** Execution data as Step Functions keeps it (JSON text), indented when it is JSON. */
function jsonBlock(text: string | undefined): string {
  if (text === undefined) return '';
  let shown = text;
  try {
    shown = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: shown as it is
  }
  return `<pre>${escapeHtml(shown)}</pre>`;
}

/** Every execution of every upload: status, error and cause, input and output. */
function executionsSection(runs: readonly ImageRun[]): string {
  const rows = runs.flatMap((run) =>
    (run.executions ?? []).map(
      (e: RunExecution) =>
        `<tr class="execution ${e.status.toLowerCase()}"><td><code>${escapeHtml(run.file)}</code></td><td><code>${escapeHtml(e.name)}</code></td><td class="status">${e.status}</td><td class="error">${escapeHtml(e.error ?? '')}</td><td class="cause">${escapeHtml(e.cause ?? '')}</td><td class="input">${jsonBlock(e.input)}</td><td class="output">${jsonBlock(e.output)}</td></tr>`,
    ),
  );
  const lines = executionSummaryLines(runs).map((line) => `<li>${escapeHtml(line)}</li>`);
  return `<section id="executions"><h2>Executions</h2><ul>${lines.join('')}</ul>
${rows.length === 0 ? '<p>No execution started.</p>' : `<table><thead><tr><th>image</th><th>execution</th><th>status</th><th>error</th><th>cause</th><th>input</th><th>output</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`}</section>`;
}

/** An image's after-processing findings: each step's state and detail, each subscription's deliveries. */
function afterCell(after: AfterStepsResult | undefined): string {
  if (!after) return '<td class="after">-</td>';
  const steps = (['metadata', 'archive'] as const).flatMap((step) => {
    const finding = after[step];
    return finding ? [`<li class="${finding.state}"><b>${step}</b> ${finding.state}: ${escapeHtml(finding.detail)}</li>`] : [];
  });
  const hooks = (after.deliveries ?? []).map((d) => {
    const state = d.unverified.length > 0 ? 'wrong' : d.delivered > 0 ? 'ok' : d.attempts > 0 ? 'missing' : 'none';
    const duplicate = d.delivered > 1 ? `, ${d.delivered - 1} duplicate${d.delivered > 2 ? 's' : ''} (same webhook-id)` : '';
    const unverified = d.unverified.length > 0 ? `, not verified: ${escapeHtml(d.unverified.join('; '))}` : '';
    const ids = d.webhookIds.length > 0 ? ` <code>${escapeHtml(d.webhookIds.join(' '))}</code>` : '';
    return `<li class="${state}"><b>webhook ${escapeHtml(d.subscriptionId)}</b> ${d.delivered} verified of ${d.attempts} ${d.attempts === 1 ? 'request' : 'requests'}${duplicate}${unverified}${ids}</li>`;
  });
  return `<td class="after"><ul class="steps">${[...steps, ...hooks].join('')}</ul></td>`;
}

const style = `
ul.steps { margin: 0; padding-left: 1em; font-size: 12px; } ul.steps li.missing, ul.steps li.wrong, ul.steps li.unexpected { color: #b00; font-weight: bold; }
td.after { min-width: 18em; max-width: 28em; } td.after code { font-size: 10px; }
.sheet { display: flex; flex-wrap: wrap; gap: 6px; } .sheet figure { margin: 0; width: 96px; font-size: 11px; }
td.image { min-width: 14em; } td.outputs { min-width: 630px; } td.reason { max-width: 24em; } td.verdict { white-space: nowrap; }
.sheet img { display: block; max-width: 88px; max-height: 88px; }
.folder, .key-line { font-size: 12px; color: #555; } ul.links { margin: 4px 0; padding-left: 1.2em; }
tr.fail { background: #fff4f4; }
#executions pre { margin: 0; max-width: 40em; max-height: 16em; overflow: auto; font-size: 11px; white-space: pre-wrap; }
tr.execution.failed, tr.execution.timed_out, tr.execution.aborted { background: #fff4f4; }
`;

/**
 * Writes `<dir>/index.html`: failing images first, each row with its verdict, what happened (the
 * reason in full, links to the diffs of failing goldens), the upload's key in full and a contact
 * sheet of its outputs; and the golden comparison in `<dir>/golden/` (every row openable).
 */
export async function writeLocalReport(dir: string, runs: readonly ImageRun[], context: LocalReportContext): Promise<string> {
  await mkdir(dir, { recursive: true });
  const goldenResults = runs.flatMap((r) => r.golden);
  const goldenReport = goldenResults.length > 0 ? await writeGoldenReport(join(dir, 'golden'), goldenResults) : undefined;
  if (!goldenReport) await rm(join(dir, 'golden'), { recursive: true, force: true });
  const entries = new Map<GoldenResult, GoldenReportEntry>((goldenReport?.entries ?? []).map((e) => [e.result, e]));

  const ordered = [...runs].sort((a, b) => verdictOrder[a.verdict] - verdictOrder[b.verdict]);
  const withExecutions = hasExecutions(runs);
  const withAfter = hasAfterSteps(runs);
  const rows = summaryRows(ordered).map((row, i) => {
    const run = ordered[i]!;
    const key = run.answer.accepted ? `<div class="key-line">key <code>${escapeHtml(run.answer.key)}</code></div>` : '';
    const middle = withExecutions ? `<td class="entry">${escapeHtml(row.entry)}</td><td class="execution">${escapeHtml(row.execution)}</td>` : '';
    return `<tr class="${run.verdict}"><td class="image"><code>${escapeHtml(row.image)}</code>${key}</td><td class="verdict">${row.verdict}</td><td>${escapeHtml(row.result)}</td>${middle}<td>${row.outputs}</td><td>${row.ms}</td><td>${row.golden}</td>${withAfter ? afterCell(run.after) : ''}<td class="reason">${escapeHtml(row.note)}${goldenLinks(run, entries)}</td><td class="outputs">${contactSheet(dir, run.outputImages)}</td></tr>`;
  });
  const count = (verdict: ImageRun['verdict']): number => runs.filter((r) => r.verdict === verdict).length;
  const title = `npm run local (${context.target}): ${count('fail')} failing, ${count('no-golden')} without golden, ${count('pass')} passing of ${runs.length}`;
  const body = `<h1>${escapeHtml(title)}</h1>
<dl class="key">
<dt>${verdictLabel.fail}</dt><dd>a good image refused, lost, dead-lettered, or whose outputs differ from its goldens; a hostile file turned into outputs or answered with a 5xx</dd>
<dt>${verdictLabel['no-golden']}</dt><dd>processed into every output, with no golden to compare them with (an image that is not one of the fixtures): look at the outputs</dd>
<dt>${verdictLabel.pass}</dt><dd>a fixture whose outputs match its goldens, or a hostile file refused with a 4xx or dead-lettered with its reason</dd>
<dt>written</dt><dd>outputs written / outputs the upload API announced</dd>
<dt>ms</dt><dd>from the upload's 201 to its last output</dd>
<dt>golden</dt><dd>outputs matching their golden / outputs compared</dd>
${withAfter ? '<dt>after processing</dt><dd>the metadata record (matching the outputs), the archive (a zip of the source) and one verified webhook delivery per subscription that a processed image must have, and a failed image must not; duplicates are deliveries with the same webhook-id</dd>\n' : ''}${withExecutions ? '<dt>in via</dt><dd><code>POST /uploads</code> (the bucket notifies EventBridge, whose rule starts an execution) or <code>POST /executions</code> (seeded into the bucket with notifications muted, then started by the executions API)</dd>\n<dt>execution</dt><dd>how its Step Functions executions ended, with the error and cause of a failed one (input and output under <a href="#executions">Executions</a>)</dd>' : ''}
</dl>
<ul>${context.summary.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
${context.skipped?.length ? `<p>Not uploaded (not images by their content): ${context.skipped.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}</p>` : ''}
${goldenReport ? '<p><a href="golden/index.html">Golden image comparison</a> (every output of the fixtures, expected and actual)</p>' : ''}
<table><thead><tr><th>image</th><th>verdict</th><th>result</th>${withExecutions ? '<th>in via</th><th>execution</th>' : ''}<th>written</th><th>ms</th><th>golden</th>${withAfter ? '<th>after processing</th>' : ''}<th>reason</th><th>outputs</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
${withExecutions ? executionsSection(ordered) : ''}`;
  const file = join(dir, 'index.html');
  await writeFile(file, htmlPage(title, body, style));
  return file;
}
