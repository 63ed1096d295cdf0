import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticError } from '../../model/diagnostics.ts';
import type { Model } from '../../model/model-schema.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { defaultLintSettings, type Finding, type LintSettings } from '../rule.ts';
import { MIGRATION_RULES } from '../rules/migration/index.ts';
import { lintSql } from './lint-sql.ts';
import { parseSqlFile } from './parse-sql-file.ts';
import { MigrationReader } from './statement-facts.ts';
import { typeChangeCost } from './type-change.ts';
import { columnTypeFromText } from './model-knowledge.ts';

/** Every rule on, opt-in ones too. */
function allRules(targetVersion: number): LintSettings {
  return {
    targetVersion,
    resolve: (rule) => ({
      enabled: true,
      severity: rule.severity,
      options: Object.fromEntries(Object.entries(rule.options ?? {}).map(([n, o]) => [n, o.default])),
    }),
  };
}

async function lint(
  sql: string,
  options: { setup?: string; version?: number; schema?: Model } = {},
): Promise<Finding[]> {
  return lintSql(
    {
      files: [{ file: 'm.sql', text: sql }],
      ...(options.setup === undefined ? {} : { before: [{ file: 'setup.sql', text: options.setup }] }),
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    },
    allRules(options.version ?? 17),
  );
}

const codes = (findings: Finding[]) => findings.map((f) => f.code);
const has = (findings: Finding[], code: string) => findings.some((f) => f.code === code);

test('statements carry their text, file:line:column and byte offset, after comments and blank lines', async () => {
  await loadSqlParser();
  const text = "-- header\n\n/* note */ SELECT 'é';\n  -- lead\n  CREATE TABLE t (id bigint);\nSELECT 1";
  const { statements } = parseSqlFile({ file: 'a.sql', text });
  assert.deepEqual(
    statements.map((s) => [s.sql, s.location.line, s.location.column]),
    [
      ["SELECT 'é'", 3, 12],
      ['CREATE TABLE t (id bigint)', 5, 3],
      ['SELECT 1', 6, 1],
    ],
  );
  assert.equal(
    statements[1]?.offset,
    Buffer.byteLength("-- header\n\n/* note */ SELECT 'é';\n  -- lead\n  "),
  );
});

test('a column after a multi-byte character is counted in characters', async () => {
  const findings = await lint("CREATE TABLE t (id bigint, note text DEFAULT 'ü', seen timestamp);", {
    version: 17,
  });
  const finding = findings.find((f) => f.code === 'prefer-timestamptz');
  assert.deepEqual([finding?.location?.line, finding?.location?.column], [1, 56]);
});

test('a file that does not parse is a sql-syntax diagnostic at the error position', async () => {
  await assert.rejects(
    lint("CREATE TABLE t (id bigint, note text DEFAULT 'é');\nALTER TABLE t ADD COLUMN x int NOT VALID;"),
    (error: unknown) => {
      assert.ok(error instanceof DiagnosticError);
      const [diagnostic] = error.diagnostics;
      assert.equal(diagnostic?.code, 'sql-syntax');
      assert.deepEqual(diagnostic?.location, { file: 'm.sql', line: 2, column: 36 });
      return true;
    },
  );
});

test('explicit transactions are followed: BEGIN/START, COMMIT/END/ROLLBACK, AND CHAIN; nothing wraps the file', async () => {
  await loadSqlParser();
  const { statements } = parseSqlFile({
    file: 'a.sql',
    text: 'SELECT 1; BEGIN; SELECT 2; COMMIT AND CHAIN; SELECT 3; END; START TRANSACTION; ROLLBACK; SELECT 4;',
  });
  assert.deepEqual(
    statements.map((s) => s.inTransaction),
    [false, false, true, true, true, true, false, true, false],
  );
});

test('tables created in the same file are new: indexes, drops and renames on them are not reported', async () => {
  const findings = await lint(
    'CREATE TABLE people (id bigint PRIMARY KEY, name text);\nCREATE INDEX people_name_idx ON people (name);\nALTER TABLE people RENAME COLUMN name TO full_name;\nDROP INDEX people_name_idx;\nDROP TABLE people;',
  );
  for (const code of [
    'create-index-non-concurrently',
    'rename-column',
    'drop-index-non-concurrently',
    'drop-table',
  ])
    assert.ok(!has(findings, code), code);
  const existing = await lint('CREATE INDEX people_name_idx ON people (name);', {
    setup: 'CREATE TABLE people (id bigint PRIMARY KEY, name text);',
  });
  assert.ok(has(existing, 'create-index-non-concurrently'));
});

test('the files before tell what exists: columns, nullability, constraints, indexes', async () => {
  const setup =
    'CREATE TABLE t (id bigint PRIMARY KEY, a text NOT NULL, b text);\nCREATE UNIQUE INDEX t_b_key ON t (b);';
  assert.ok(!has(await lint('ALTER TABLE t ALTER COLUMN a SET NOT NULL;', { setup }), 'set-not-null-scan'));
  assert.ok(has(await lint('ALTER TABLE t ALTER COLUMN b SET NOT NULL;', { setup }), 'set-not-null-scan'));
  assert.ok(
    !has(
      await lint('ALTER TABLE t ADD CONSTRAINT t_pkey2 UNIQUE USING INDEX t_b_key;', { setup }),
      'add-unique-constraint-directly',
    ),
  );
  assert.ok(
    has(
      await lint('ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_b_key;', { setup }),
      'primary-key-on-nullable-column',
    ),
  );
});

test('a model given as the schema is known like the files before', async () => {
  const schema: Model = {
    schemas: {
      public: {
        tables: {
          events: {
            columns: [
              { name: 'id', type: 'bigint', notNull: true },
              { name: 'kind', type: 'text' },
              { name: 'title', type: 'character varying(40)' },
            ],
            checks: [{ name: 'events_kind_nn', expression: 'kind IS NOT NULL' }],
          },
        },
      },
    },
  };
  assert.ok(
    !has(await lint('ALTER TABLE events ALTER COLUMN kind SET NOT NULL;', { schema }), 'set-not-null-scan'),
  );
  assert.ok(
    !has(
      await lint('ALTER TABLE events ALTER COLUMN title TYPE varchar(80);', { schema }),
      'alter-column-type-rewrite',
    ),
  );
  assert.ok(
    has(
      await lint('ALTER TABLE events ALTER COLUMN title TYPE varchar(20);', { schema }),
      'alter-column-type-rewrite',
    ),
  );
});

test('the schema before a file is available as a model', async () => {
  await loadSqlParser();
  const reader = new MigrationReader(undefined);
  reader.read(
    parseSqlFile({
      file: 'a.sql',
      text: "CREATE SCHEMA app; CREATE TABLE app.t (id bigint PRIMARY KEY, c varchar(10) NOT NULL, CHECK (c <> ''));\nCREATE INDEX t_c_idx ON app.t (c); CREATE TYPE app.mood AS ENUM ('ok');",
    }).statements,
    false,
  );
  const model = reader.modelNow();
  const table = model.schemas?.app?.tables?.t;
  assert.deepEqual(table?.columns, [
    { name: 'id', type: 'bigint', notNull: true },
    { name: 'c', type: 'varchar(10)', notNull: true },
  ]);
  assert.deepEqual(table?.primaryKey, { name: 't_pkey', columns: ['id'] });
  assert.deepEqual(table?.indexes, [{ name: 't_c_idx', columns: ['c'] }]);
  assert.deepEqual(model.schemas?.app?.enums, { mood: { values: ['ok'] } });
});

test('rules hold for the target version', async () => {
  assert.ok(has(await lint('REINDEX TABLE foo;', { version: 12 }), 'reindex-non-concurrently'));
  assert.ok(!has(await lint('REINDEX TABLE foo;', { version: 11 }), 'reindex-non-concurrently'));
  assert.ok(
    has(
      await lint('ALTER TABLE t DETACH PARTITION p;', { version: 14 }),
      'detach-partition-non-concurrently',
    ),
  );
  assert.ok(
    !has(
      await lint('ALTER TABLE t DETACH PARTITION p;', { version: 13 }),
      'detach-partition-non-concurrently',
    ),
  );
  const addDefault = 'ALTER TABLE t ADD COLUMN c integer DEFAULT 10;';
  assert.ok(has(await lint(addDefault, { version: 10 }), 'add-column-default-before-pg11'));
  assert.ok(!has(await lint(addDefault, { version: 11 }), 'add-column-default-before-pg11'));
  assert.ok(
    has(
      await lint("BEGIN; ALTER TYPE e ADD VALUE 'x'; COMMIT;", { version: 11 }),
      'non-transactional-in-transaction',
    ),
  );
  assert.ok(
    !has(
      await lint("BEGIN; ALTER TYPE e ADD VALUE 'x'; COMMIT;", { version: 12 }),
      'non-transactional-in-transaction',
    ),
  );
  assert.ok(has(await lint('VACUUM FULL foo;', { version: 18 }), 'table-rebuild-blocking'));
  assert.deepEqual(
    codes(await lint('VACUUM FULL foo;', { version: 19 })).filter(
      (c) => c.includes('repack') || c.includes('rebuild'),
    ),
    ['prefer-repack-concurrently'],
  );
});

test('type changes: only the ones PostgreSQL makes without a rewrite are clean', () => {
  const cost = (from: string, to: string, version = 17) => {
    const a = columnTypeFromText(from);
    const b = columnTypeFromText(to);
    assert.ok(a && b);
    return typeChangeCost(a, b, version);
  };
  assert.equal(cost('varchar(50)', 'varchar(100)'), 'none');
  assert.equal(cost('varchar(100)', 'varchar(50)'), 'rewrite');
  assert.equal(cost('varchar(100)', 'text'), 'none');
  assert.equal(cost('text', 'varchar'), 'none');
  assert.equal(cost('text', 'varchar(20)'), 'rewrite');
  assert.equal(cost('numeric(10,2)', 'numeric(12,2)'), 'none');
  assert.equal(cost('numeric(10,2)', 'numeric(12,3)'), 'rewrite');
  assert.equal(cost('numeric(10,2)', 'numeric'), 'none');
  assert.equal(cost('cidr', 'inet'), 'none');
  assert.equal(cost('integer', 'bigint'), 'rewrite');
  assert.equal(cost('integer', 'text'), 'rewrite');
  assert.equal(cost('char(10)', 'text'), 'rewrite');
  assert.equal(cost('timestamp(3)', 'timestamp(6)'), 'none');
  assert.equal(cost('timestamp', 'timestamptz'), 'unless-utc');
  assert.equal(cost('timestamptz', 'timestamp'), 'unless-utc');
  assert.equal(cost('timestamp', 'timestamptz', 11), 'rewrite');
  assert.equal(cost('integer[]', 'bigint[]'), 'rewrite');
});

test('timestamp to timestamptz is clean only after SET TimeZone to UTC in the same session', async () => {
  const setup = 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp NOT NULL);';
  const change = 'ALTER TABLE events ALTER COLUMN at TYPE timestamptz;';
  assert.ok(has(await lint(change, { setup }), 'alter-column-type-rewrite'));
  assert.ok(
    has(await lint(`SET TimeZone = 'Europe/Paris';\n${change}`, { setup }), 'alter-column-type-rewrite'),
  );
  assert.ok(!has(await lint(`SET TIME ZONE 'UTC';\n${change}`, { setup }), 'alter-column-type-rewrite'));
  assert.ok(
    has(
      await lint(`BEGIN; SET LOCAL TimeZone = 'UTC'; COMMIT;\n${change}`, { setup }),
      'alter-column-type-rewrite',
    ),
  );
  assert.ok(
    has(await lint(`SET LOCAL TimeZone = 'UTC';\n${change}`, { setup }), 'alter-column-type-rewrite'),
  );
  assert.ok(
    has(
      await lint(change.replace(';', " USING at + interval '1 hour';"), { setup: setup }),
      'alter-column-type-rewrite',
    ),
  );
});

test('SET NOT NULL is clean from PostgreSQL 12 when a validated CHECK (col IS NOT NULL) exists at that point', async () => {
  const setup = 'CREATE TABLE foo (id bigint PRIMARY KEY, bar bigint);';
  const addCheck = 'ALTER TABLE foo ADD CONSTRAINT bar_nn CHECK (bar IS NOT NULL) NOT VALID;';
  const setNotNull = 'ALTER TABLE foo ALTER COLUMN bar SET NOT NULL;';
  assert.ok(has(await lint(`${addCheck}\n${setNotNull}`, { setup }), 'set-not-null-scan'));
  const validated = `${addCheck}\nALTER TABLE foo VALIDATE CONSTRAINT bar_nn;\n${setNotNull}`;
  assert.ok(!has(await lint(validated, { setup }), 'set-not-null-scan'));
  assert.ok(!has(await lint(validated, { setup, version: 12 }), 'set-not-null-scan'));
  assert.ok(has(await lint(validated, { setup, version: 11 }), 'set-not-null-scan'));
  const conjunct =
    'CREATE TABLE foo (id bigint PRIMARY KEY, bar bigint, CHECK (bar > 10 AND bar IS NOT NULL));';
  assert.ok(!has(await lint(setNotNull, { setup: conjunct }), 'set-not-null-scan'));
  const other = 'CREATE TABLE foo (id bigint PRIMARY KEY, bar bigint, baz bigint, CHECK (baz IS NOT NULL));';
  assert.ok(has(await lint(setNotNull, { setup: other }), 'set-not-null-scan'));
  assert.ok(
    !has(
      await lint(`UPDATE foo SET bar = 0 WHERE bar IS NULL;\n${setNotNull}`, { setup }),
      'set-not-null-without-backfill',
    ),
  );
});

test('ATTACH PARTITION is clean when a validated CHECK on the partition proves the bound', async () => {
  const setup =
    'CREATE TABLE m (id bigint NOT NULL, taken date NOT NULL) PARTITION BY RANGE (taken);\nCREATE TABLE m_2024 (id bigint NOT NULL, taken date NOT NULL);\nCREATE TABLE l (id bigint, region text) PARTITION BY LIST (region);\nCREATE TABLE l_eu (id bigint, region text);';
  const attach = "ALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
  assert.ok(has(await lint(attach, { setup }), 'attach-partition-scan'));
  const check = (expression: string, valid = true) =>
    `ALTER TABLE m_2024 ADD CONSTRAINT b CHECK (${expression})${valid ? '' : ' NOT VALID'};`;
  assert.ok(
    !has(
      await lint(`${check("taken >= '2024-01-01' AND taken < '2025-01-01'")}\n${attach}`, { setup }),
      'attach-partition-scan',
    ),
  );
  assert.ok(
    has(
      await lint(`${check("taken >= '2024-01-01' AND taken < '2025-01-01'", false)}\n${attach}`, { setup }),
      'attach-partition-scan',
    ),
  );
  assert.ok(
    has(
      await lint(`${check("taken >= '2024-01-01' AND taken < '2026-01-01'")}\n${attach}`, { setup }),
      'attach-partition-scan',
    ),
  );
  const list = "ALTER TABLE l ATTACH PARTITION l_eu FOR VALUES IN ('de', 'fr');";
  const listCheck =
    "ALTER TABLE l_eu ADD CONSTRAINT r CHECK (region IS NOT NULL AND region IN ('de', 'fr'));";
  assert.ok(has(await lint(list, { setup }), 'attach-partition-scan'));
  assert.ok(!has(await lint(`${listCheck}\n${list}`, { setup }), 'attach-partition-scan'));
  assert.ok(
    !has(
      await lint(
        `CREATE TABLE m_2025 (LIKE m);\n${attach.replaceAll('2024', '2025').replace("2025-01-01')", "2026-01-01')")}`,
        { setup },
      ),
      'attach-partition-scan',
    ),
  );
});

test('search_path decides which table an unqualified name means', async () => {
  const setup = 'CREATE SCHEMA app; CREATE TABLE app.t (id bigint PRIMARY KEY, c text NOT NULL);';
  const findings = await lint(
    'SET search_path TO app, public;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;\nCREATE INDEX t_c ON t (c);',
    { setup },
  );
  assert.ok(!has(findings, 'set-not-null-scan'));
  assert.equal(findings.find((f) => f.code === 'create-index-non-concurrently')?.object, 'app.t');
});

test('lock_timeout counts for statements after it, and only blocking statements need it', async () => {
  const setup = 'CREATE TABLE t (id bigint PRIMARY KEY, c int);';
  const flagged = (sql: string) =>
    lint(sql, { setup }).then((f) =>
      f.filter((x) => x.code === 'missing-lock-timeout').map((x) => x.location?.line),
    );
  assert.deepEqual(
    await flagged(
      "ALTER TABLE t ADD COLUMN d int;\nSET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN e int;",
    ),
    [1],
  );
  assert.deepEqual(
    await flagged("SET lock_timeout = '1s';\nRESET lock_timeout;\nALTER TABLE t ADD COLUMN e int;"),
    [3],
  );
  assert.deepEqual(
    await flagged('ALTER TABLE t VALIDATE CONSTRAINT t_c_check;\nCREATE INDEX CONCURRENTLY i ON t (c);'),
    [],
  );
  assert.deepEqual(await flagged('CREATE TABLE n (id bigint);\nALTER TABLE n ADD COLUMN c int;'), []);
});

test('findings are sorted by position and repeat exactly for the same input', async () => {
  const sql =
    'DROP TABLE b;\nCREATE INDEX i ON a (x);\nALTER TABLE a DROP COLUMN y, ALTER COLUMN z SET NOT NULL;';
  const first = await lint(sql);
  const second = await lint(sql);
  assert.deepEqual(first, second);
  const positions = first.map((f) => [f.location?.line ?? 0, f.location?.column ?? 0, f.code] as const);
  const sorted = [...positions].sort(
    (a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0),
  );
  assert.deepEqual(positions, sorted);
});

test("the default settings leave opt-in rules off and use each rule's severity and fix", async () => {
  const findings = await lintSql(
    { files: [{ file: 'm.sql', text: 'ALTER TABLE t ADD COLUMN c boolean;\nCREATE INDEX i ON t (c);' }] },
    defaultLintSettings(17),
  );
  assert.deepEqual(codes(findings), ['create-index-non-concurrently']);
  assert.equal(findings[0]?.severity, 'error');
  assert.equal(findings[0]?.category, 'migration');
  assert.match(findings[0]?.fix ?? '', /CONCURRENTLY/);
});

test('migration rules: sorted by code, kebab-case, unique', () => {
  const all = MIGRATION_RULES.map((r) => r.code);
  assert.deepEqual(all, [...all].sort());
  assert.equal(new Set(all).size, all.length);
  for (const code of all) assert.match(code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  assert.ok(all.length >= 40);
});

for (const rule of MIGRATION_RULES) {
  test(`${rule.code}: its bad example is reported and its good example is not`, async () => {
    const options = {
      ...(rule.examples.setup === undefined ? {} : { setup: rule.examples.setup }),
      version: rule.examples.targetVersion ?? 18,
    };
    const bad = await lint(rule.examples.bad, options);
    assert.ok(has(bad, rule.code), `bad example not reported: ${JSON.stringify(codes(bad))}`);
    for (const finding of bad.filter((f) => f.code === rule.code)) {
      assert.ok(!finding.message.includes('\n'), 'one-line message');
      assert.ok(finding.location);
    }
    const good = await lint(rule.examples.good, options);
    assert.ok(
      !has(good, rule.code),
      `good example reported: ${JSON.stringify(good.filter((f) => f.code === rule.code))}`,
    );
  });
}
