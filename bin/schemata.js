#!/usr/bin/env node
// Runs the bundle that `npm run build` writes to dist/ when it was built from the sources as they are
// now (it starts in a fraction of the time); otherwise the TypeScript sources through tsx's loader, so
// a fresh clone needs no build step.
import { loadBundle, setEngineFlags } from './load-bundle.js';
import { isBuildCurrent } from './source-stamp.js';

setEngineFlags();
const root = new URL('../', import.meta.url);
let main;
if (isBuildCurrent(root)) {
  ({ main } = loadBundle(root).exports);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
