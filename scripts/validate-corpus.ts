// Sample data for every SQL schema of a corpus directory (or the files given): how many tables got
// rows, and each table that did not get all it wanted with the reason. Exit 1 when a table fell short
// without a reason. `npm run validate:corpus [DIR | FILE.sql ...]`, by default ../shared/corpus/realworld.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateCorpusFile } from './support/validate-corpus-file.ts';

const args = process.argv.slice(2);
const paths = args.length > 0 ? args : ['../shared/corpus/realworld'];
const files = paths.flatMap((path) => {
  if (!existsSync(path)) {
    console.log(`${path}: not found, skipped`);
    return [];
  }
  return statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => name.endsWith('.sql'))
        .sort()
        .map((name) => join(path, name))
    : [path];
});
let unexplained = 0;
for (const file of files) {
  const started = performance.now();
  const result = await validateCorpusFile(file);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.skipped !== undefined) {
    console.log(`${file}: not validated, it does not import: ${result.skipped}`);
    continue;
  }
  console.log(`${file}: ${result.rows} rows in ${result.filled} of ${result.tables} tables (${seconds} s)`);
  for (const s of result.short) {
    console.log(`  ${s.table}: ${s.rows} of ${s.wanted} rows: ${s.reason ?? 'NO REASON GIVEN'}`);
    if (s.reason === undefined) unexplained++;
  }
  for (const error of result.errors) console.log(`  error ${error}`);
}
process.exitCode = unexplained > 0 ? 1 : 0;
