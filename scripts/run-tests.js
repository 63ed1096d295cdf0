// Runs every *.test.ts under src/ and test/ with Node's test runner. Before that it finds out whether a
// PostgreSQL server is reachable, so server tests either run or are reported as skipped with the reason.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const defaultUrl = 'postgres://root@127.0.0.1:5432/postgres';
const url = process.env.DATABASE_URL ?? defaultUrl;

async function probeServer() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `no PostgreSQL server at ${url.replace(/:[^:@/]*@/, ':***@')}: ${error.message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

function findTests(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = [...findTests('src', []), ...findTests('test', [])];
if (filter.length > 0) files = files.filter((f) => filter.some((part) => f.includes(part)));

const skipReason = await probeServer();
const env = { ...process.env };
if (skipReason) env.SCHEMATA_SERVER_SKIP = skipReason;
else env.SCHEMATA_SERVER_URL = url;
if (skipReason) console.log(`server tests will be skipped: ${skipReason}`);
// The tests' spellings are cached in a directory of their own, not in the user's cache.
const cacheDir = mkdtempSync(join(tmpdir(), 'schemata-test-cache-'));
env.SCHEMATA_CACHE_DIR = cacheDir;

// A test that hangs fails on its own after this long, instead of holding up the whole run.
const TEST_TIMEOUT_MS = 10 * 60 * 1000;
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', env },
);
rmSync(cacheDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
