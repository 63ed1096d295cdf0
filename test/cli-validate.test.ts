// schemata validate as a user runs it: the examples validate clean on embedded PostgreSQL and on the
// server (--dev-db); a flawed model gets exactly its findings; the same seed gives the same sample
// data, which loads into a database built from the model; the report formats; usage errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliOutputSchema } from '../src/cli/json-document.ts';
import { openEmbeddedDatabase } from '../src/db/database.ts';
import { runCli } from './support/run-cli.ts';
import { withTempDir } from './support/temp-dir.ts';
import { serverSkipReason, serverUrl } from './support/databases.ts';

async function validateJson(...args: string[]) {
  const result = await runCli('validate', ...args, '--json', '-q');
  const document = CliOutputSchema.parse(JSON.parse(result.stdout));
  assert.equal(document.exitCode, result.code);
  const validation = document.validation;
  assert.ok(validation, `a validation report: ${result.stdout}${result.stderr}`);
  return { ...result, document, validation };
}

function findingsOf(validation: NonNullable<Awaited<ReturnType<typeof validateJson>>['validation']>) {
  return validation.sections.flatMap((s) =>
    s.findings.map((f) => `${s.name} ${f.severity} ${f.code} ${f.object ?? ''}`),
  );
}

describe('validate the examples', () => {
  for (const example of ['task-manager', 'quiz-platform']) {
    test(`${example} on embedded PostgreSQL: no error findings, every table filled and tested`, async () => {
      const { code, validation } = await validateJson(`examples/${example}`);
      assert.deepEqual(
        findingsOf(validation).filter((f) => f.includes(' error ')),
        [],
      );
      assert.equal(code, 0);
      assert.deepEqual(
        validation.sections.slice(0, 2).map((s) => s.name),
        ['sample-data', 'constraints'],
      );
      const tables = validation.sections[0]?.details.tables as Record<string, { rows: number }>;
      for (const [table, { rows }] of Object.entries(tables)) assert.ok(rows > 0, `${table} has rows`);
      const tests = validation.sections[1]?.details.tests as Record<
        string,
        { tested: number; rejected: number }
      >;
      for (const kind of ['not null', 'unique', 'foreign key', 'enum', 'check'])
        assert.equal(tests[kind]?.rejected, tests[kind]?.tested, `every ${kind} test rejected its row`);
    });

    test(`${example} on the server (--dev-db)`, async (t) => {
      if (!serverUrl) return t.skip(serverSkipReason);
      const { code, validation } = await validateJson(`examples/${example}`, '--dev-db', serverUrl);
      assert.match(validation.scratch, /--dev-db/);
      assert.equal(validation.serverVersion, 15);
      assert.deepEqual(
        findingsOf(validation).filter((f) => f.includes(' error ')),
        [],
      );
      assert.equal(code, 0);
    });
  }
});

describe('a flawed model', () => {
  test('gets exactly its findings, with the business rules', async () => {
    const { code, validation } = await validateJson('test/fixtures/validate/flawed-shop.yaml');
    assert.equal(code, 1);
    assert.deepEqual(findingsOf(validation).sort(), [
      'constraints error check-always-true public.Order Lines.quantity "positive"',
      'constraints error unique-predicate-never-true public.Customers.customers_email_live',
      'constraints info check-not-tested public.orders.code_length',
      'sample-data error fk-cycle-not-null public.départements, public.employees',
    ]);
    const always = validation.sections[1]?.findings.find((f) => f.code === 'check-always-true');
    assert.equal(always?.businessRule, 'An order line orders at least one item.');
    assert.match(always?.location?.file ?? '', /flawed-shop\.yaml$/);
    // Each finding points at its constraint in the model file, not at the table.
    assert.equal(always?.location?.line, 77);
    const never = validation.sections[1]?.findings.find((f) => f.code === 'unique-predicate-never-true');
    assert.equal(never?.location?.line, 32);
    // The narrow checks (a pattern, an IN list of decimals, a domain) were satisfied: every table
    // outside the cycle got its rows.
    const tables = validation.sections[0]?.details.tables as Record<string, { rows: number; wanted: number }>;
    for (const table of ['public.Customers', 'public.orders', 'public.Order Lines', 'public.categories'])
      assert.equal(tables[table]?.rows, tables[table]?.wanted, table);
  });

  test('gets the same findings on the server (--dev-db)', async (t) => {
    if (!serverUrl) return t.skip(serverSkipReason);
    const { code, validation } = await validateJson(
      'test/fixtures/validate/flawed-shop.yaml',
      '--dev-db',
      serverUrl,
    );
    assert.equal(code, 1);
    assert.deepEqual(findingsOf(validation).sort(), [
      'constraints error check-always-true public.Order Lines.quantity "positive"',
      'constraints error unique-predicate-never-true public.Customers.customers_email_live',
      'constraints info check-not-tested public.orders.code_length',
      'sample-data error fk-cycle-not-null public.départements, public.employees',
    ]);
  });

  test('the text and Markdown reports name the findings', async () => {
    const text = await runCli('validate', 'test/fixtures/validate/flawed-shop.yaml', '-q');
    assert.equal(text.code, 1);
    assert.match(text.stdout, /error check-always-true: the check quantity "positive"/);
    assert.match(text.stdout, /business rule: An order line orders at least one item\./);
    assert.match(text.stdout, /^failed: 3 errors, 1 info$/m);
    const markdown = await runCli(
      'validate',
      'test/fixtures/validate/flawed-shop.yaml',
      '-q',
      '--format',
      'markdown',
    );
    assert.equal(markdown.code, 1);
    assert.match(markdown.stdout, /^## schemata validate: failed \(3 errors, 1 info\)$/m);
    assert.match(markdown.stdout, /^\| constraints \| ❌ /m);
  });
});

describe('a cycle of deferrable NOT NULL foreign keys', () => {
  const model = 'test/fixtures/validate/deferred-cycles.yaml';
  const expectFilled = (validation: Awaited<ReturnType<typeof validateJson>>['validation']) => {
    assert.deepEqual(findingsOf(validation), []);
    const tables = validation.sections[0]?.details.tables as Record<string, { rows: number; wanted: number }>;
    for (const table of ['public.departments', 'public.Employees', 'public.accounts', 'public.addresses'])
      assert.ok((tables[table]?.rows ?? 0) > 0 && tables[table]?.rows === tables[table]?.wanted, table);
    const tests = validation.sections[1]?.details.tests as Record<
      string,
      { tested: number; rejected: number }
    >;
    assert.equal(tests['foreign key']?.rejected, tests['foreign key']?.tested);
  };

  test('is filled in one transaction with the keys deferred (embedded); the SQL export loads', async () => {
    await withTempDir({}, async (dir) => {
      const { code, validation } = await validateJson(model, '--export', dir);
      assert.equal(code, 0);
      expectFilled(validation);
      const sql = await readFile(join(dir, 'sample-data.sql'), 'utf8');
      assert.match(sql, /^BEGIN;\nSET CONSTRAINTS ALL DEFERRED;$/m);
      const db = await openEmbeddedDatabase();
      try {
        await db.exec((await runCli('generate', model)).stdout);
        await db.exec(sql);
        const [row] = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM accounts JOIN addresses ON addresses.id = accounts.primary_address_id',
        );
        assert.equal(row?.n, 20);
      } finally {
        await db.close();
      }
    });
  });

  test('is filled on the server too (--dev-db)', async (t) => {
    if (!serverUrl) return t.skip(serverSkipReason);
    const { code, validation } = await validateJson(model, '--dev-db', serverUrl);
    assert.equal(code, 0);
    expectFilled(validation);
  });
});

describe('defaults', () => {
  test('a default its own check rejects is a finding; a check comparing a default with another column is not', async () => {
    await withTempDir({}, async (dir) => {
      const path = join(dir, 'orders.yaml');
      await writeFile(
        path,
        [
          'schemas:',
          '  public:',
          '    tables:',
          '      orders:',
          '        columns:',
          '          - { name: id, type: bigint, identity: { generation: always }, notNull: true }',
          '          - { name: status, type: varchar(20), notNull: true, default: "\'pending\'" }',
          '          - { name: placed_at, type: timestamptz, notNull: true, default: now() }',
          '          - { name: shipped_at, type: timestamptz, notNull: true }',
          '        primaryKey: { columns: [id] }',
          '        checks:',
          "          - { name: orders_status_check, expression: \"status IN ('new', 'shipped')\" }",
          '          - { name: orders_shipped_after_placed, expression: shipped_at >= placed_at }',
          '',
        ].join('\n'),
      );
      const { validation } = await validateJson(path);
      const defaults = validation.sections[1]?.findings.filter((f) => f.code === 'defaults-rejected') ?? [];
      assert.equal(defaults.length, 1);
      assert.match(defaults[0]?.message ?? '', /orders_status_check/);
    });
  });
});

describe('sample data export', () => {
  test('the same seed gives the same files; the SQL loads into a database built from the model', async () => {
    await withTempDir({}, async (dir) => {
      const a = await runCli(
        'validate',
        'examples/task-manager',
        '-q',
        '--seed',
        '7',
        '--export',
        join(dir, 'a'),
      );
      const b = await runCli(
        'validate',
        'examples/task-manager',
        '-q',
        '--seed',
        '7',
        '--export',
        join(dir, 'b'),
      );
      await runCli('validate', 'examples/task-manager', '-q', '--seed', '8', '--export', join(dir, 'c'));
      assert.equal(a.code, 0, a.stderr);
      const [sqlA, sqlB, sqlC] = await Promise.all(
        ['a', 'b', 'c'].map((d) => readFile(join(dir, d, 'sample-data.sql'), 'utf8')),
      );
      assert.equal(sqlA, sqlB);
      assert.notEqual(sqlA, sqlC);
      // The report is the same but for the measured execution times of the query plans.
      const measured = (report: string) => report.replace(/execution [\d.]+ ms/g, 'execution (time) ms');
      assert.equal(measured(b.stdout), measured(a.stdout), 'the same report');

      const ddl = await runCli('generate', 'examples/task-manager');
      const db = await openEmbeddedDatabase();
      try {
        await db.exec(ddl.stdout);
        await db.exec(sqlA as string);
        const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks');
        assert.ok((row?.n ?? 0) > 0);
        // The sequences were moved on: a row that takes its identity from the database goes in.
        await db.exec(`INSERT INTO tags (name) VALUES ('after the export')`);
      } finally {
        await db.close();
      }
    });
  });

  test('CSV: one file per table in foreign-key order, with a header row', async () => {
    await withTempDir({}, async (dir) => {
      const out = join(dir, 'csv');
      const result = await runCli(
        'validate',
        'test/fixtures/validate/flawed-shop.yaml',
        '-q',
        '--export',
        out,
        '--export-format',
        'csv',
      );
      assert.equal(result.code, 1);
      const files = (await readdir(out)).sort();
      assert.deepEqual(files.slice(0, 3), [
        '001-public.Customers.csv',
        '002-public.orders.csv',
        '003-public.Order_Lines.csv',
      ]);
      const lines = (await readFile(join(out, '003-public.Order_Lines.csv'), 'utf8')).split('\n');
      assert.equal(
        lines[0],
        'order_id,line,select,quantity,a_column_name_that_is_exactly_sixty_three_bytes_long_for_tests_',
      );
    });
  });
});

describe('usage', () => {
  for (const [args, pattern] of [
    [['--scale', '0'], /--scale "0" is not a number above 0/],
    [['--format', 'sarif'], /unknown format "sarif"/],
    [['--export-format', 'csv'], /--export-format goes with --export DIR/],
    [['--seed', '1.5'], /--seed "1.5" is not a whole number/],
  ] as const) {
    test(`${args.join(' ')} is a usage error`, async () => {
      const result = await runCli('validate', 'examples/task-manager', ...args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, pattern);
    });
  }
});
