// The engine's own pieces with two small rules made here: settings from the config's lint section
// (layers, categories, opt-in, overrides by file glob and schema, option checks), suppressions read
// from model files and SQL files, and applied to findings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readModelSources } from '../readers/read-model.ts';
import { formatModelPath } from '../model/model-path.ts';
import type { Finding, LintSettings, MigrationRule, ModelRule } from './rule.ts';
import { lintConfigProblems, lintSettings } from './settings.ts';
import {
  applySuppressions,
  readDirective,
  readModelSuppressions,
  readSqlSuppressions,
} from './suppressions.ts';
import { ENGINE_RULES } from './rules/engine/index.ts';
import type { LintConfig } from './config.ts';
import { sortFindings } from './lint-inputs.ts';

/** Tables without a description. */
const tableComment: ModelRule = {
  kind: 'model',
  code: 'tiny-table-comment',
  category: 'documentation',
  severity: 'warning',
  summary: 'Tables have a description.',
  rationale: 'People read it.',
  fix: 'Add a description.',
  examples: { bad: '', good: '' },
  options: { minLength: { description: 'shortest description', default: 1 } },
  check: (context) => {
    for (const [schemaName, schema] of Object.entries(context.model.schemas ?? {}))
      for (const [name, table] of Object.entries(schema.tables ?? {}))
        if ((table.description ?? '').length < Number(context.option('minLength')))
          context.report({
            message: `table ${schemaName}.${name} has no description`,
            object: `${schemaName}.${name}`,
            path: ['schemas', schemaName, 'tables', name],
          });
  },
};

/** Columns named `data` (to have findings below the table level). */
const dataColumn: ModelRule = {
  ...tableComment,
  code: 'tiny-data-column',
  category: 'naming',
  optIn: true,
  severity: 'info',
  options: {},
  check: (context) => {
    for (const [schemaName, schema] of Object.entries(context.model.schemas ?? {}))
      for (const [name, table] of Object.entries(schema.tables ?? {}))
        table.columns.forEach((column, index) => {
          if (column.name === 'data')
            context.report({
              message: `column ${schemaName}.${name}.data says nothing`,
              path: ['schemas', schemaName, 'tables', name, 'columns', index],
            });
        });
  },
};

const dropRule: MigrationRule = {
  kind: 'migration',
  code: 'tiny-drop',
  category: 'migration',
  severity: 'error',
  summary: 'No DROP.',
  rationale: 'Data goes.',
  fix: 'Keep it.',
  examples: { bad: '', good: '' },
  check: () => undefined,
};

const RULES = new Map([tableComment, dataColumn, dropRule, ...ENGINE_RULES].map((rule) => [rule.code, rule]));

/** A tiny engine for the tests: each rule's check over a model read from text, as lintModel does it. */
async function lintText(text: string, settings: LintSettings, file = 'model.yaml'): Promise<Finding[]> {
  const read = await readModelSources([{ file, text }]);
  assert.deepEqual(read.diagnostics, []);
  const findings: Finding[] = [];
  for (const rule of [tableComment, dataColumn]) {
    rule.check({
      model: read.model,
      targetVersion: settings.targetVersion,
      option: (name) => settings.resolve(rule, {}).options[name] ?? '',
      report: (report) => {
        const location = read.locate(report.path);
        const schema = String(report.path[1]);
        const resolved = settings.resolve(rule, { schema, ...(location && { file: location.file }) });
        if (!resolved.enabled) return;
        findings.push({
          code: rule.code,
          severity: resolved.severity,
          category: rule.category,
          message: report.message,
          fix: rule.fix,
          path: report.path,
          ...(location && { location }),
        });
      },
    });
  }
  return sortFindings(applySuppressions(findings, readModelSuppressions(file, text), settings, RULES));
}

const MODEL = `schemas:
  public:
    tables:
      # schemata-lint-disable tiny-table-comment: filled by the importer
      audit:
        columns:
          - { name: id, type: bigint }
      orders:
        columns:
          - { name: id, type: bigint }
          # schemata-lint-disable tiny-data-column: the payload as the shop sends it
          - { name: data, type: jsonb }
  billing:
    tables:
      invoices:
        description: An invoice.
        columns:
          - { name: data, type: jsonb }
`;

const brief = (findings: readonly Finding[]) =>
  findings.map((f) => `${f.location?.line}:${f.location?.column} ${f.severity} ${f.code}: ${f.message}`);

describe('settings', () => {
  test('defaults: opt-in rules off, severities and options as the rule says', () => {
    const settings = lintSettings({ targetVersion: 17 });
    assert.equal(settings.targetVersion, 17);
    assert.deepEqual(settings.resolve(tableComment, {}), {
      enabled: true,
      severity: 'warning',
      options: { minLength: 1 },
    });
    assert.equal(settings.resolve(dataColumn, {}).enabled, false);
  });

  test('layers: optIn, then categories, then rules; overrides by schema and by file glob, in order', () => {
    const config: LintConfig = {
      optIn: true,
      categories: { documentation: 'error' },
      rules: { 'tiny-table-comment': { options: { minLength: 10 } }, 'tiny-data-column': 'warning' },
      overrides: [
        { schemas: ['billing'], rules: { 'tiny-table-comment': 'off' } },
        { files: 'legacy/**', categories: { documentation: 'info' }, optIn: false },
        { files: ['legacy/keep.yaml'], rules: { 'tiny-data-column': 'on' } },
      ],
    };
    const settings = lintSettings({ targetVersion: 18, config, baseDir: '/p', cwd: '/p' });
    assert.deepEqual(settings.resolve(tableComment, { schema: 'public' }), {
      enabled: true,
      severity: 'error',
      options: { minLength: 10 },
    });
    assert.equal(settings.resolve(tableComment, { schema: 'billing' }).enabled, false);
    assert.equal(settings.resolve(dataColumn, { file: 'model.yaml' }).severity, 'warning');
    assert.equal(settings.resolve(tableComment, { file: 'legacy/a/b.yaml' }).severity, 'info');
    assert.equal(settings.resolve(dataColumn, { file: 'legacy/a.yaml' }).enabled, false);
    // The later override turns the rule on again, at the severity the layers before it left.
    assert.deepEqual(settings.resolve(dataColumn, { file: '/p/legacy/keep.yaml' }), {
      enabled: true,
      severity: 'warning',
      options: {},
    });
    // Globs are relative to the config file's directory, whatever the current directory.
    const elsewhere = lintSettings({ targetVersion: 18, config, baseDir: '/p', cwd: '/p/legacy' });
    assert.equal(elsewhere.resolve(tableComment, { file: 'x.yaml' }).severity, 'info');
  });

  test('unknown rules and options, and options of the wrong type, are reported at their key', () => {
    const problems = lintConfigProblems(
      {
        rules: {
          'tiny-table-coment': 'off',
          'tiny-table-comment': { options: { minLenght: 3 } },
          'tiny-data-column': { options: { x: true } },
        },
        overrides: [{ schemas: ['s'], rules: { 'tiny-table-comment': { options: { minLength: 'long' } } } }],
      },
      [...RULES.values()],
      (path) => ({
        file: 'schemata.config.yaml',
        line: path.length,
        column: 1,
        ...{ path: formatModelPath(path) },
      }),
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.message, p.hint]),
      [
        ['unknown-rule', 'no lint rule is called "tiny-table-coment"', 'did you mean "tiny-table-comment"?'],
        [
          'unknown-rule-option',
          'rule tiny-table-comment has no option "minLenght"',
          'did you mean "minLength"?',
        ],
        ['unknown-rule-option', 'rule tiny-data-column has no option "x"', 'it takes no options'],
        [
          'invalid-rule-option',
          'option minLength of rule tiny-table-comment takes a number, not a string',
          'its default is 1',
        ],
      ],
    );
  });
});

describe('suppressions', () => {
  test('the directive: codes separated by commas or spaces, the reason after a colon', () => {
    assert.deepEqual(readDirective(' schemata-lint-disable a, b c: because: it is so '), {
      wholeFile: false,
      codes: ['a', 'b', 'c'],
      reason: 'because: it is so',
      text: 'schemata-lint-disable a, b c: because: it is so',
    });
    assert.equal(readDirective('schemata-lint-disable a')?.reason, undefined);
    assert.equal(readDirective('schemata-lint-disable-file a: r')?.wholeFile, true);
    assert.equal(readDirective('schemata-lint-disabled a: r'), undefined);
    assert.equal(readDirective('see schemata-lint-disable a: r'), undefined);
  });

  test('a model comment above a key or list item covers that object and all inside it', async () => {
    const settings = lintSettings({ targetVersion: 18, config: { optIn: true } });
    assert.deepEqual(brief(await lintText(MODEL, settings)), [
      '8:7 warning tiny-table-comment: table public.orders has no description',
      '18:13 info tiny-data-column: column billing.invoices.data says nothing',
    ]);
    const found = readModelSuppressions('model.yaml', MODEL);
    assert.deepEqual(
      found.map((s) => [s.location.line, s.location.column, s.scope]),
      [
        [4, 7, { kind: 'path', path: ['schemas', 'public', 'tables', 'audit'] }],
        [11, 11, { kind: 'path', path: ['schemas', 'public', 'tables', 'orders', 'columns', 1] }],
      ],
    );
  });

  test('without a reason: still suppresses, and is a finding; suppressing nothing is one too', async () => {
    const text = MODEL.replace(': filled by the importer', '').replace(
      '      invoices:\n',
      '      # schemata-lint-disable tiny-table-comment, tiny-data-colum: reviewed\n      invoices:\n',
    );
    // The opt-in rule is off: its suppression above orders.data is not reported as unused.
    assert.deepEqual(brief(await lintText(text, lintSettings({ targetVersion: 18 }))), [
      '4:7 error suppression-without-reason: suppression of tiny-table-comment gives no reason',
      '8:7 warning tiny-table-comment: table public.orders has no description',
      '15:7 warning unused-suppression: suppression names tiny-data-colum, which is no rule',
      '15:7 warning unused-suppression: suppression of tiny-table-comment on schemas.billing.tables.invoices suppresses nothing',
    ]);
    // The engine's rules take their settings like any other.
    const quiet = lintSettings({
      targetVersion: 18,
      config: { rules: { 'unused-suppression': 'off', 'suppression-without-reason': 'warning' } },
    });
    assert.deepEqual(brief(await lintText(text, quiet)), [
      '4:7 warning suppression-without-reason: suppression of tiny-table-comment gives no reason',
      '8:7 warning tiny-table-comment: table public.orders has no description',
    ]);
  });

  test('a comment at the top of a model file, apart from the first key, covers the file', async () => {
    const text = `# schemata-lint-disable tiny-table-comment: generated from the old system\n\n${MODEL.replace(/ *# schemata.*\n/g, '')}`;
    const settings = lintSettings({ targetVersion: 18 });
    assert.deepEqual(brief(await lintText(text, settings)), []);
    assert.deepEqual(readModelSuppressions('m.yaml', text)[0]?.scope, { kind: 'file' });
  });

  test('SQL: the comment lines directly above a statement cover it; a blank line or code ends that', async () => {
    const sql = `CREATE TABLE a (id int);
-- schemata-lint-disable tiny-drop: nothing uses it since 2.0
-- (checked in the logs)
DROP TABLE a;

-- schemata-lint-disable tiny-drop: detached

DROP TABLE b;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$
-- schemata-lint-disable tiny-drop: inside a body, not a comment of this file
SELECT 1 $$;
DROP TABLE c; -- schemata-lint-disable tiny-drop: after the statement, too late
DROP
  TABLE d;
-- schemata-lint-disable-file tiny-drop: the whole file is a clean-up
`;
    const found = await readSqlSuppressions('m.sql', sql);
    assert.deepEqual(
      found.map((s) => [s.location.line, s.scope]),
      [
        [2, { kind: 'lines', from: 4, to: 4 }],
        [6, { kind: 'nothing' }],
        [15, { kind: 'file' }],
      ],
    );
    const drop = (line: number): Finding => ({
      code: 'tiny-drop',
      severity: 'error',
      category: 'migration',
      message: `drop at ${line}`,
      fix: 'keep',
      location: { file: 'm.sql', line, column: 1 },
    });
    const settings = lintSettings({ targetVersion: 18 });
    const withoutFileWide = found.slice(0, 2);
    assert.deepEqual(brief(applySuppressions([4, 8, 12, 14].map(drop), withoutFileWide, settings, RULES)), [
      '8:1 error tiny-drop: drop at 8',
      '12:1 error tiny-drop: drop at 12',
      '14:1 error tiny-drop: drop at 14',
      '6:1 warning unused-suppression: suppression of tiny-drop (it is not directly above a statement or an object) suppresses nothing',
    ]);
    assert.deepEqual(brief(applySuppressions([8, 12, 14].map(drop), found, settings, RULES)), [
      '2:1 warning unused-suppression: suppression of tiny-drop on line 4 suppresses nothing',
      '6:1 warning unused-suppression: suppression of tiny-drop (it is not directly above a statement or an object) suppresses nothing',
    ]);
  });
});
