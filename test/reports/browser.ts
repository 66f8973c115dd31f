import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestContext } from 'vitest';
import { executableOnPath } from '../support/executable-on-path.js';

/** Debian's `chromium` on PATH (`.ci/run` installs it), or undefined. */
export function chromiumOnPath(): string | undefined {
  return executableOnPath('chromium');
}

const missing =
  'chromium is not on PATH, so the report was NOT checked in a browser. Install it with ' +
  '`apt-get update && apt-get install -y chromium` (.ci/run does); in CI (CI=true) this is a failure.';

let browser: Promise<Browser> | undefined;

/**
 * A page of a shared headless Chromium (playwright-core driving Debian's build). Without chromium:
 * in CI the test fails; elsewhere it is skipped, saying loudly on stderr that it did not run.
 */
export async function newPage(context: TestContext): Promise<Page> {
  const executablePath = chromiumOnPath();
  if (!executablePath) {
    if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(missing);
    process.stderr.write(`\n!!! ${context.task.name}: ${missing}\n\n`);
    context.skip(missing);
  }
  browser ??= chromium.launch({ executablePath });
  const page = await (await browser).newPage({ viewport: { width: 1400, height: 900 } });
  context.onTestFinished(() => page.close());
  return page;
}

export async function closeBrowser(): Promise<void> {
  await (await browser)?.close();
  browser = undefined;
}

export const fileUrl = (path: string): string => pathToFileURL(path).href;

/** What the tests read of an `<img>` in the page (the project compiles without the DOM's types). */
export interface PageImage {
  readonly alt: string;
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly naturalHeight: number;
  getAttribute(name: string): string | null;
  decode(): Promise<void>;
}

/** Every image of the page that did not load (no pixels), by its src; waits for each to settle first. */
export function brokenImages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const images = [...(globalThis as unknown as { document: { images: Iterable<PageImage> } }).document.images];
    await Promise.all(images.map((image) => image.decode().catch(() => undefined)));
    return images.filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.getAttribute('src') ?? '');
  });
}
