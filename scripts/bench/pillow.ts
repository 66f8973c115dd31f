/**
 * The seed's Pillow code, for comparison: Pillow 9.4.0 (what issue 12 measured; pip serves it here
 * for Python 3.11) installed once into .build/bench-python-<version>, and a script doing a preset's
 * work in the seeds' idiom.
 */
import { execFile as execFileCallback } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ResolvedProcessingSpec } from '../../config/index.js';

const execFile = promisify(execFileCallback);
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const pillowVersion = '9.4.0';
const pythonDir = path.join(repoRoot, '.build', `bench-python-${pillowVersion}`);

/** One pass over the files: CPU (user + system, all threads) and wall time, output bytes. */
export interface PassFigures {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly outputBytes: number;
}

/**
 * The seeds' idiom with Pillow's defaults: open and convert to RGB (a full decode: convert() loads
 * the image, so thumbnail() can no longer use JPEG draft), then per variant a copy and thumbnail()
 * (`inside`) or ImageOps.fit() (`cover`), saved in each format at the variant's quality: baseline
 * JPEG, WebP method 4. argv: passes (0: one pass without a warm-up image, as a user's run), the
 * variants as JSON, the files. Prints one JSON line per pass.
 */
export const pillowSeedScript = `
import io, json, sys, time
from PIL import Image, ImageOps
passes, variants, files = int(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3:]
FORMATS = {'jpeg': 'JPEG', 'webp': 'WEBP', 'png': 'PNG'}
def work(path):
    total = 0
    im = Image.open(path).convert('RGB')
    for v in variants:
        box = (v.get('width') or im.width, v.get('height') or im.height)
        if v['fit'] == 'cover':
            thumb = ImageOps.fit(im, box)
        else:
            thumb = im.copy()
            thumb.thumbnail(box)
        for fmt in v['formats']:
            out = io.BytesIO()
            thumb.save(out, FORMATS[fmt], quality=v['quality'])
            total += out.tell()
    return total
if passes > 0:
    work(files[0])
for _ in range(max(1, passes)):
    start, cpu_start = time.perf_counter(), time.process_time()
    total = sum(work(f) for f in files)
    print(json.dumps({"wallMs": (time.perf_counter() - start) * 1000, "cpuMs": (time.process_time() - cpu_start) * 1000, "outputBytes": total}))
`;

export async function python(args: readonly string[], timeout = 600_000): Promise<string> {
  const { stdout } = await execFile('python3', args, { env: { ...process.env, PYTHONPATH: pythonDir }, timeout, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** The variants of `spec` as the script reads them. */
export const pillowVariants = (spec: ResolvedProcessingSpec): string =>
  JSON.stringify(spec.variants.map((v) => ({ width: v.width, height: v.height, fit: v.fit, formats: v.formats, quality: v.quality })));

/** Pillow's passes over `files` doing `spec`'s work (a warm-up image first). */
export async function pillowPasses(spec: ResolvedProcessingSpec, files: readonly string[], passes: number): Promise<PassFigures[]> {
  const out = await python(['-c', pillowSeedScript, String(passes), pillowVariants(spec), ...files]);
  return out.split('\n').map((line) => JSON.parse(line) as PassFigures);
}

/** Pillow's version from .build/bench-python-<version>, installed there on first use; undefined when it cannot be. */
export async function pillow(): Promise<string | undefined> {
  try {
    return await python(['-c', 'import PIL; print(PIL.__version__)']);
  } catch {
    console.log(`  installing Pillow ${pillowVersion} (the seed's, for the comparison) from PyPI: python3 -m pip install --target ${path.relative(repoRoot, pythonDir)} pillow==${pillowVersion}, once`);
    try {
      await execFile('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', pythonDir, `pillow==${pillowVersion}`], { timeout: 300_000 });
      return await python(['-c', 'import PIL; print(PIL.__version__)']);
    } catch (error) {
      console.log(`  (Pillow unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      return undefined;
    }
  }
}
