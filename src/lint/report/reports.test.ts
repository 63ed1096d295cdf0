// The three report formats of lint over the same findings: text as a compiler prints it, the JSON
// findings in the documented shape, and SARIF 2.1.0 that the official SARIF schema accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';

// The package's default export is the class; under nodenext TypeScript sees the module object.
const Ajv = AjvDraft04 as unknown as typeof AjvDraft04.default;
import type { Finding, ModelRule, MigrationRule } from '../rule.ts';
import { ENGINE_RULES } from '../rules/engine/index.ts';
import { renderTextReport } from './text.ts';
import { FindingSchema, findingDocument } from './json.ts';
import { renderSarif } from './sarif.ts';

const modelRule: ModelRule = {
  kind: 'model',
  code: 'tiny-table-comment',
  category: 'documentation',
  severity: 'warning',
  optIn: true,
  summary: 'Tables have a description.',
  rationale: 'People read it. Tools show it.',
  fix: 'Add a description.',
  examples: { bad: 'schemas: {}\n', good: 'schemas: {}\n' },
  check: () => undefined,
};
const migrationRule: MigrationRule = {
  kind: 'migration',
  code: 'tiny-drop',
  category: 'migration',
  severity: 'error',
  summary: 'No DROP.',
  rationale: 'Data goes.',
  fix: 'Keep it.',
  examples: { bad: 'DROP TABLE t;', good: 'SELECT 1;', setup: 'CREATE TABLE t ();' },
  check: () => undefined,
};

const FINDINGS: Finding[] = [
  {
    code: 'tiny-drop',
    severity: 'error',
    category: 'migration',
    message: 'DROP TABLE public.t loses its rows',
    fix: 'keep the table',
    location: { file: 'migrations/0002_drop t.up.sql', line: 3, column: 1 },
    object: 'public.t',
  },
  {
    code: 'tiny-table-comment',
    severity: 'info',
    category: 'documentation',
    message: 'table public.a has no description',
    fix: 'Add a description.',
    location: { file: 'model/a.yaml', line: 4, column: 7 },
    path: ['schemas', 'public', 'tables', 'a'],
  },
  {
    code: 'tiny-table-comment',
    severity: 'warning',
    category: 'documentation',
    message: 'table public.b has no description',
    fix: 'Add a description.',
    path: ['schemas', 'public', 'tables', 'b'],
    object: 'public.b',
  },
];

test('text: file:line:column, severity and code, message, the fix below; a blank line between files; a summary', () => {
  assert.equal(
    renderTextReport(FINDINGS),
    `migrations/0002_drop t.up.sql:3:1: error tiny-drop: DROP TABLE public.t loses its rows
  fix: keep the table

model/a.yaml:4:7: info tiny-table-comment: table public.a has no description
  fix: Add a description.

public.b: warning tiny-table-comment: table public.b has no description
  fix: Add a description.

3 findings (1 error, 1 warning, 1 info) in 2 files
`,
  );
  assert.equal(renderTextReport([]), 'no findings\n');
  const styled = renderTextReport(FINDINGS.slice(0, 1), {
    severity: (text, severity) => `<${severity}>${text}</>`,
    dim: (text) => `<dim>${text}</>`,
  });
  assert.match(styled, /^migrations\/0002_drop t\.up\.sql:3:1: <error>error tiny-drop<\/>: DROP/);
  assert.match(styled, /\n {2}<dim>fix: keep the table<\/>\n/);
});

test('json: every documented field, the model path written as people read it', () => {
  const documents = FINDINGS.map(findingDocument);
  for (const document of documents) FindingSchema.parse(document);
  assert.deepEqual(documents[1], {
    code: 'tiny-table-comment',
    severity: 'info',
    category: 'documentation',
    message: 'table public.a has no description',
    fix: 'Add a description.',
    location: { file: 'model/a.yaml', line: 4, column: 7 },
    path: 'schemas.public.tables.a',
  });
});

test('sarif: valid against the SARIF 2.1.0 schema, with rule metadata and locations', () => {
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  // Formats (uri, date-time) are checked as well, with Ajv's own format checks where it has them.
  // The schema's language pattern is not valid with the u flag, so patterns are compiled without it.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, unicodeRegExp: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT/);
  const validate = ajv.compile(schema);
  const rules = [migrationRule, modelRule, ...ENGINE_RULES];
  for (const docsUrl of [undefined, 'https://example.test/docs/rules/']) {
    const text = renderSarif(FINDINGS, rules, { version: '0.1.0', cwd: '/work/shop', docsUrl });
    const log = JSON.parse(text) as Record<string, unknown>;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  }
  // The check can fail: a level SARIF does not have, a helpUri that is not an absolute URI.
  const broken = renderSarif(FINDINGS, rules, { version: '0.1.0', cwd: '/w', docsUrl: 'docs/rules/' });
  assert.equal(validate(JSON.parse(broken.replace('"level": "note"', '"level": "info"'))), false);
  assert.equal(validate(JSON.parse(broken)), false);
  const log = JSON.parse(renderSarif(FINDINGS, rules, { version: '0.1.0', cwd: '/work/shop' })) as {
    runs: {
      tool: { driver: { rules: Record<string, unknown>[] } };
      results: Record<string, unknown>[];
      originalUriBaseIds: Record<string, { uri: string }>;
    }[];
  };
  const [run] = log.runs;
  assert.ok(run);
  const [drop, comment] = run.tool.driver.rules;
  assert.equal(drop?.id, 'tiny-drop');
  assert.deepEqual(drop?.shortDescription, { text: 'No DROP.' });
  assert.deepEqual(drop?.defaultConfiguration, { level: 'error', enabled: true });
  assert.deepEqual(comment?.defaultConfiguration, { level: 'warning', enabled: false });
  assert.equal(drop?.helpUri, undefined);
  assert.match(String((drop?.help as { text: string }).text), /See docs\/rules\/tiny-drop\.md\./);
  assert.match(String((drop?.help as { markdown: string }).markdown), /```sql\nDROP TABLE t;\n```/);
  assert.deepEqual(run.originalUriBaseIds['%SRCROOT%'], { uri: 'file:///work/shop/' });
  assert.deepEqual(run.results[0], {
    ruleId: 'tiny-drop',
    ruleIndex: 0,
    level: 'error',
    message: { text: 'DROP TABLE public.t loses its rows. Fix: keep the table' },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: 'migrations/0002_drop%20t.up.sql', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, startColumn: 1 },
        },
        logicalLocations: [{ fullyQualifiedName: 'public.t' }],
      },
    ],
    properties: { category: 'migration' },
  });
  assert.equal(run.results[1]?.level, 'note');
  // Without a file position, the object is the location.
  assert.deepEqual(run.results[2]?.locations, [{ logicalLocations: [{ fullyQualifiedName: 'public.b' }] }]);
  const linked = JSON.parse(
    renderSarif([], rules, { version: '0.1.0', cwd: '/w', docsUrl: 'https://example.test/rules/' }),
  ) as typeof log;
  assert.equal(linked.runs[0]?.tool.driver.rules[0]?.helpUri, 'https://example.test/rules/tiny-drop.md');
});
