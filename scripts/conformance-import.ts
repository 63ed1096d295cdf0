// Import round trip over a schema-transition corpus: every a.sql and b.sql is loaded into a server
// database A with psql (the reference), imported through embedded PostgreSQL into a model, generated
// back into DDL, loaded into a fresh database B, and A and B are compared by pg_dump --schema-only.
// Files whose objects inspect reports as unsupported are counted apart, with the reason.
//
//   npm run conformance:import -- DIR [--only TEXT] [--verbose]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openServerDatabase } from '../src/db/database.ts';
import { createScratchDatabase } from '../src/db/scratch.ts';
import { generateDdl } from '../src/dialects/postgres/render-ddl.ts';
import { formatDiagnostic } from '../src/model/diagnostics.ts';
import { importSqlFile, loadSql } from '../src/readers/import-sql.ts';
import {
  compareDatabases,
  dropNewRoles,
  listRoles,
  loadWithPsql,
  serverMajor,
  serverUrl,
  summariseKinds,
} from './support/corpus-databases.ts';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--only');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const verbose = args.includes('--verbose');
if (!dir) {
  console.error('usage: npm run conformance:import -- DIR [--only TEXT] [--verbose]');
  process.exit(2);
}

type Outcome = 'pass' | 'fail' | 'unsupported' | 'skipped';
interface Row {
  file: string;
  category: string;
  outcome: Outcome;
  reason: string;
}

async function checkFile(path: string): Promise<Omit<Row, 'file' | 'category'>> {
  const imported = await importSqlFile(path);
  const errors = imported.diagnostics.filter((d) => d.severity === 'error');
  const missingExtension = errors
    .map((d) => /extension "(.+)" is not available/.exec(d.message)?.[1])
    .find(Boolean);
  if (missingExtension) {
    return { outcome: 'unsupported', reason: `extension ${missingExtension} (not in embedded PostgreSQL)` };
  }
  if (errors.length > 0) {
    return { outcome: 'fail', reason: `import failed: ${errors.map(formatDiagnostic).join('; ')}` };
  }
  if (imported.unsupported.length > 0) {
    return { outcome: 'unsupported', reason: summariseKinds(imported.unsupported.map((u) => u.kind)) };
  }
  const roles = await listRoles();
  const a = await createScratchDatabase(serverUrl, 'schemata_conf');
  const b = await createScratchDatabase(serverUrl, 'schemata_conf');
  try {
    await loadWithPsql(a.url, path);
    const ddl = await generateDdl(imported.model);
    const dbB = await openServerDatabase(b.url);
    const loaded = await loadSql(dbB, ddl, `${path}.generated.sql`).finally(() => dbB.close());
    if (loaded.diagnostics.length > 0) {
      return {
        outcome: 'fail',
        reason: `generated DDL failed: ${loaded.diagnostics.map(formatDiagnostic).join('; ')}`,
      };
    }
    const comparison = await compareDatabases(a.url, b.url, []);
    return comparison.equal
      ? { outcome: 'pass', reason: '' }
      : { outcome: 'fail', reason: comparison.detail };
  } finally {
    await a.drop();
    await b.drop();
    await dropNewRoles(roles);
  }
}

const major = await serverMajor();
const cases = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && (!only || e.name.includes(only)))
  .map((e) => e.name)
  .sort();
const rows: Row[] = [];
for (const name of cases) {
  const category = name.split('--')[0] ?? name;
  const metaPath = join(dir, name, 'meta.json');
  const meta = existsSync(metaPath)
    ? (JSON.parse(readFileSync(metaPath, 'utf8')) as { minVersion?: number })
    : {};
  for (const side of ['a.sql', 'b.sql']) {
    const path = join(dir, name, side);
    const file = `${name}/${side}`;
    if (!existsSync(path)) continue;
    if (meta.minVersion !== undefined && meta.minVersion > major) {
      rows.push({ file, category, outcome: 'skipped', reason: `needs PostgreSQL ${meta.minVersion}` });
      continue;
    }
    const result = await checkFile(path).catch((error: Error): Omit<Row, 'file' | 'category'> => ({
      outcome: 'fail',
      reason: error.message,
    }));
    rows.push({ file, category, ...result });
    if (verbose || result.outcome === 'fail')
      console.error(`${result.outcome} ${file} ${result.reason.split('\n')[0]}`);
  }
}

const categories = [...new Set(rows.map((r) => r.category))].sort();
console.log('\n| category | files | pass | fail | unsupported | skipped |');
console.log('|---|---|---|---|---|---|');
const count = (list: Row[], outcome: Outcome) => list.filter((r) => r.outcome === outcome).length;
for (const category of categories) {
  const list = rows.filter((r) => r.category === category);
  console.log(
    `| ${category} | ${list.length} | ${count(list, 'pass')} | ${count(list, 'fail')} | ${count(list, 'unsupported')} | ${count(list, 'skipped')} |`,
  );
}
const pass = count(rows, 'pass');
const fail = count(rows, 'fail');
const inScope = pass + fail;
console.log(
  `| all | ${rows.length} | ${pass} | ${fail} | ${count(rows, 'unsupported')} | ${count(rows, 'skipped')} |\n` +
    `\nIn scope (no unsupported objects): ${inScope} files, ${pass} pass = ${((100 * pass) / Math.max(inScope, 1)).toFixed(1)}%`,
);
const unsupportedReasons = new Map<string, number>();
for (const row of rows.filter((r) => r.outcome === 'unsupported')) {
  for (const part of row.reason.split(', ')) {
    const kind = part.replace(/^\d+ /, '');
    unsupportedReasons.set(kind, (unsupportedReasons.get(kind) ?? 0) + 1);
  }
}
console.log(
  `Unsupported, by object kind (files): ${[...unsupportedReasons].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
);
for (const row of rows.filter((r) => r.outcome === 'fail')) console.log(`\nFAIL ${row.file}: ${row.reason}`);
console.log(`\n${pass} passed, ${fail} failed`);
process.exit(fail === 0 ? 0 : 1);
