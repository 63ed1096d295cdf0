// Writes the V8 code cache of the bundle (bin/load-bundle.js) after running through it what most
// commands run: reading and checking models, generating DDL, diffing and planning. Run by the build,
// with the package root the bundle was built into.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadBundle, setEngineFlags } from '../bin/load-bundle.js';

setEngineFlags();
const bundle = loadBundle(pathToFileURL(`${resolve(process.argv[2] ?? '.')}/`));
const example = (name) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));
const silent = { stdout() {}, stderr() {} };
const runs = [
  ['generate', example('quiz-platform/model.yaml')],
  ['generate', example('task-manager')],
  ['diff', '--no-verify', example('task-manager'), example('task-manager')],
];
for (const argv of runs) {
  const code = await bundle.exports.main(argv, silent);
  if (code !== 0) throw new Error(`schemata ${argv.join(' ')} exited with ${code}`);
}
bundle.writeCodeCache();
