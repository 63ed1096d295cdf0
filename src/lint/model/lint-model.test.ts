import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readModelSources } from '../../readers/read-model.ts';
import type { Finding, LintSettings, ModelRule, Rule } from '../rule.ts';
import { defaultLintSettings } from '../rule.ts';
import { MODEL_RULES } from '../rules/design/index.ts';
import { lintModel } from './lint-model.ts';

async function read(text: string, file = 'model.yaml') {
  const result = await readModelSources([{ file, text }]);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'the test model reads without errors');
  return result;
}

const rule = (code: string): ModelRule => {
  const found = MODEL_RULES.find((r) => r.code === code);
  assert.ok(found, `rule ${code} exists`);
  return found;
};

/** Settings with every rule on (opt-in too) at its defaults, options overridden per rule code. */
function allOn(options: Record<string, Record<string, unknown>> = {}): LintSettings {
  return {
    targetVersion: 16,
    resolve: (r: Rule) => ({
      enabled: true,
      severity: r.severity,
      options: {
        ...Object.fromEntries(Object.entries(r.options ?? {}).map(([n, o]) => [n, o.default])),
        ...(options[r.code] as Record<string, never> | undefined),
      },
    }),
  };
}

async function lintWith(text: string, codes: string[], settings: LintSettings = allOn()): Promise<Finding[]> {
  const { model, locate } = await read(text);
  return lintModel({ model, locate }, settings, { rules: codes.map(rule) });
}

const messages = (findings: Finding[]) => findings.map((f) => f.message);

const SHOP = `schemata: 1
schemas:
  public:
    tables:
      customers:
        description: People who buy.
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: email, type: varchar(255), notNull: true, sensitivity: pii }
        primaryKey: { columns: [id] }
      orders:
        description: Orders placed by customers.
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: customer_id, type: bigint, notNull: true }
          - { name: status, type: varchar(20), notNull: true }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        foreignKeys:
          - { columns: [customer_id], references: { table: customers, columns: [id] }, onDelete: restrict }
        checks:
          - { expression: "status IN ('pending', 'paid', 'shipped')" }
        patterns: { softDelete: true }
`;

test('every model rule has a kebab-case code, and the registry lists them once, sorted', () => {
  const codes = MODEL_RULES.map((r) => r.code);
  assert.ok(codes.length >= 50, `${codes.length} model rules`);
  assert.deepEqual(codes, [...codes].sort());
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.match(code, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
});

test('findings carry the file position of the object, the rule data and the resolved severity', async () => {
  const findings = await lintWith(SHOP, ['foreign-key-without-index']);
  assert.equal(findings.length, 1);
  const [finding] = findings as [Finding];
  assert.equal(finding.code, 'foreign-key-without-index');
  assert.equal(finding.category, 'performance');
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.location, { file: 'model.yaml', line: 20, column: 13 });
  assert.deepEqual(finding.path, ['schemas', 'public', 'tables', 'orders', 'foreignKeys', 0]);
  assert.match(finding.message, /public\.orders \(customer_id\)/);
  assert.equal(finding.fix, 'indexes: [{ columns: [customer_id] }]');
});

test('objects that patterns make are checked like written ones', async () => {
  const text = SHOP.replace(
    'patterns: { softDelete: true }',
    'patterns: { timestamps: true, softDelete: true }',
  );
  // orders gets created_at and updated_at from its pattern; customers has neither.
  const audit = await lintWith(text, ['audit-columns-missing']);
  assert.deepEqual(messages(audit), ['public.customers has no audit columns created_at, updated_at']);
  // The columns the timestamps pattern makes are NOT NULL.
  assert.deepEqual(await lintWith(text, ['required-column-nullable']), []);
  // The softDelete pattern turns unique keys into partial unique indexes over live rows.
  const unique = text.replace(
    '        patterns: { timestamps: true, softDelete: true }',
    '        uniques:\n          - { columns: [customer_id, placed_at] }\n        patterns: { timestamps: true, softDelete: true }',
  );
  assert.deepEqual(await lintWith(unique, ['unique-ignores-soft-delete']), []);
  const plain = unique.replace(
    'patterns: { timestamps: true, softDelete: true }',
    'patterns: { timestamps: true }',
  );
  const withColumn = plain.replace(
    '          - { name: placed_at, type: timestamptz, notNull: true }',
    '          - { name: placed_at, type: timestamptz, notNull: true }\n          - { name: deleted_at, type: timestamptz }',
  );
  assert.equal((await lintWith(withColumn, ['unique-ignores-soft-delete'])).length, 1);
});

test('a finding on a column a pattern made is placed at the nearest written position', async () => {
  const text = `schemas:
  public:
    tables:
      events:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
        primaryKey: { columns: [id] }
        patterns: { timestamps: { createdBy: true } }
`;
  // created_by is nullable text made by the pattern; ask for it to be required.
  const findings = await lintWith(
    text,
    ['required-column-nullable'],
    allOn({ 'required-column-nullable': { columns: ['created_by'] } }),
  );
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0]?.path, ['schemas', 'public', 'tables', 'events', 'columns', 3]);
  // The column is not written: the finding points into the table (its columns list).
  assert.equal(findings[0]?.location?.file, 'model.yaml');
  assert.ok((findings[0]?.location?.line ?? 0) >= 4 && (findings[0]?.location?.line ?? 0) <= 8);
});

test('a rule the settings turn off reports nothing; opt-in rules are off by default', async () => {
  const { model, locate } = await read(SHOP);
  const defaults = await lintModel({ model, locate }, defaultLintSettings(16));
  assert.ok(defaults.some((f) => f.code === 'foreign-key-without-index'));
  assert.ok(!defaults.some((f) => f.code === 'audit-columns-missing'), 'opt-in rule off by default');
  const off: LintSettings = {
    ...defaultLintSettings(16),
    resolve: (r) => ({
      ...defaultLintSettings(16).resolve(r, {}),
      enabled: r.code !== 'foreign-key-without-index' && r.optIn !== true,
    }),
  };
  const findings = await lintModel({ model, locate }, off);
  assert.ok(!findings.some((f) => f.code === 'foreign-key-without-index'));
});

test('severity and enablement are resolved where the finding is: per schema', async () => {
  const text = `schemas:
  legacy:
    tables:
      things:
        columns:
          - { name: id, type: bigint }
  public:
    tables:
      things:
        columns:
          - { name: id, type: bigint }
      other:
        columns:
          - { name: id, type: bigint }
`;
  const { model, locate } = await read(text);
  const seen: { schema?: string | undefined; file?: string | undefined }[] = [];
  const settings: LintSettings = {
    targetVersion: 16,
    resolve: (r, place) => {
      if (r.code === 'table-without-primary-key') seen.push(place);
      return {
        enabled: r.code === 'table-without-primary-key' && place.schema !== 'legacy',
        severity: place.schema === 'public' ? 'info' : r.severity,
        options: {},
      };
    },
  };
  const findings = await lintModel({ model, locate }, settings);
  assert.deepEqual(
    findings.map((f) => [f.object, f.severity]),
    [
      ['public.things', 'info'],
      ['public.other', 'info'],
    ],
  );
  assert.ok(seen.some((place) => place.schema === 'public' && place.file === 'model.yaml'));
});

test('findings come sorted by file, line, column, code and message, the same on every run', async () => {
  const text = `schemas:
  public:
    tables:
      b_table:
        columns:
          - { name: Value, type: timestamp }
      a_table:
        columns:
          - { name: created, type: timestamp }
`;
  const { model, locate } = await read(text);
  const first = await lintModel({ model, locate }, allOn());
  const second = await lintModel({ model, locate }, allOn());
  assert.deepEqual(first, second);
  const keys = first.map((f) => [f.location?.line ?? 0, f.location?.column ?? 0, f.code, f.message] as const);
  const sorted = [...keys].sort(
    (a, b) =>
      a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || (a[3] < b[3] ? -1 : 1),
  );
  assert.deepEqual(keys, sorted);
  // b_table is written first, so its findings come first although a_table sorts first by name.
  assert.equal(first[0]?.location?.line, 4);
});

test('a model without file positions still lints; findings name their object and path', async () => {
  const findings = await lintModel(
    { model: { schemas: { public: { tables: { t: { columns: [{ name: 'id', type: 'bigint' }] } } } } } },
    defaultLintSettings(16),
  );
  const finding = findings.find((f) => f.code === 'table-without-primary-key');
  assert.equal(finding?.object, 'public.t');
  assert.equal(finding?.location, undefined);
  assert.deepEqual(finding?.path, ['schemas', 'public', 'tables', 't']);
});
