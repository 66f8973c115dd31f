import type { PipelineConfig } from '../../config/index.js';

/**
 * PNG uploads under `images/` (either case of the extension) are fitted inside 400x400 (`seed-contain400`,
 * a PNG under `resized/` in the outputs bucket) and each original is also kept as a deflated zip under
 * `zip/`, its folders kept: `images/a/x.png` -> `zip/a/x.png.zip`, so `a/x.png` and `b/x.png` never
 * overwrite each other. Synthesized as the stack `png-archive` (stage `dev`, AWS).
 */
export const pipelineConfig = {
  namePrefix: 'imgpipe-zip',
  region: 'eu-west-1',
  architecture: 'x86_64',
  trigger: { via: 'queue', prefix: 'images/', suffixes: ['.png', '.PNG'] },
  processing: 'seed-contain400',
  after: {
    archive: { prefix: 'zip/', keepFolders: true },
  },
} satisfies PipelineConfig;
