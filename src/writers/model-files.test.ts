import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadSqlParser } from '../dialects/postgres/types.ts';
import { formatDiagnostic } from '../model/diagnostics.ts';
import type { Model } from '../model/model-schema.ts';
import { readModel, readModelSources } from '../readers/read-model.ts';
import { encodeFileName, writeModel, writeModelFiles, type ModelLayout } from './model-files.ts';

before(() => loadSqlParser());

async function reread(text: string): Promise<Model> {
  const result = await readModelSources([{ file: 'model.yaml', text }]);
  assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
  return result.model;
}

const HOSTILE = [
  'yes',
  'no',
  'null',
  '~',
  '1e3',
  'true',
  'on',
  'y',
  '0o17',
  '.inf',
  '10',
  '2',
  '<<',
  '-',
  '? x',
];

/** A model whose names YAML, JavaScript and file systems would all like to misread. */
function hostileModel(): Model {
  const columns = [
    { name: 'id', type: 'integer', notNull: true },
    ...HOSTILE.map((name) => ({ name, type: 'text' })),
    { name: 'it\'s "quoted"', type: 'text', description: 'a # is not a comment: really' },
    { name: 'Ünïcødé 名前', type: 'text', description: 'line one\n  line two, indented\ntrailing spaces   ' },
    { name: 'long', type: 'text', description: 'long '.repeat(80).trim() },
  ];
  const tables: NonNullable<Model['schemas']>[string]['tables'] = {};
  for (const name of [
    ...HOSTILE,
    'Users',
    'users',
    'with space',
    '__proto__',
    'a/b',
    'con',
    'tab\tand\\slash',
  ]) {
    Object.defineProperty(tables, name, {
      value: { columns, primaryKey: { columns: ['id'] } },
      enumerable: true,
    });
  }
  return {
    schemata: 1,
    project: { name: 'hostile', naming: { index: 'ix_{table}_{columns}' } },
    extensions: { 'uuid-ossp': { schema: 'public' } },
    schemas: {
      'My Schema': {
        description: 'yes',
        enums: { NULL: { values: [...HOSTILE, "it's", ' padded '] } },
        tables,
      },
      public: { description: 'standard public schema' },
    },
  };
}

test('canonical text: fields in format order, maps sorted, defaults left out, lists of names on one line', () => {
  const model: Model = {
    schemas: {
      public: {
        tables: {
          tasks: {
            indexes: [
              { columns: [{ column: 'title', order: 'asc', nulls: 'last' }], method: 'btree', unique: false },
            ],
            columns: [
              {
                type: 'bigint',
                name: 'id',
                notNull: true,
                identity: { generation: 'always', start: 1, cache: '1' },
              },
              { name: 'title', type: 'text', notNull: false, description: 'no' },
            ],
            primaryKey: { columns: ['id'], name: 'pk_tasks' },
            description: 'Work items: one per task',
          },
          '10': { columns: [] },
          '9': { columns: [] },
        },
      },
    },
  };
  assert.equal(
    writeModel(model),
    [
      'schemata: 1',
      'schemas:',
      '  public:',
      '    tables:',
      '      "10":',
      '        columns: []',
      '      "9":',
      '        columns: []',
      '      tasks:',
      '        description: "Work items: one per task"',
      '        columns:',
      '          - name: id',
      '            type: bigint',
      '            notNull: true',
      '            identity:',
      '              generation: always',
      '          - name: title',
      '            type: text',
      '            description: "no"',
      '        primaryKey:',
      '          columns: [id]',
      '        indexes:',
      '          - columns: [title]',
      '',
    ].join('\n'),
  );
});

test('what the writer leaves out, the reader reads back with the same meaning', async () => {
  const model: Model = {
    project: { naming: { foreignKey: 'fk_{table}_{ref_table}' } },
    schemas: {
      public: {
        sequences: {
          s: {
            type: 'bigint',
            increment: -1,
            maxValue: -1,
            start: -1,
            cycle: false,
            minValue: '-9223372036854775808',
          },
        },
        domains: {
          d: {
            type: 'integer',
            checks: [
              { expression: 'VALUE > 1', name: 'd_check1' },
              { expression: 'VALUE > 0', name: 'd_check' },
            ],
          },
        },
        tables: {
          users: {
            columns: [{ name: 'id', type: 'serial', notNull: true }],
            primaryKey: { columns: ['id'] },
          },
          t: {
            columns: [{ name: 'u', type: 'integer', collation: 'C' }],
            foreignKeys: [
              {
                name: 'fk_t_users',
                columns: ['u'],
                references: { schema: 'public', table: 'users', columns: ['id'] },
                onDelete: 'no action',
                match: 'simple',
              },
            ],
            indexes: [
              {
                columns: [{ column: 'u', collation: 'C', order: 'desc', nulls: 'first' }],
                with: { fillfactor: '70', deduplicate_items: 'false', x: '0.50' },
              },
            ],
          },
        },
      },
    },
  };
  const text = writeModel(model);
  assert.equal(
    text,
    [
      'schemata: 1',
      'project:',
      '  naming:',
      '    foreignKey: fk_{table}_{ref_table}',
      'schemas:',
      '  public:',
      '    domains:',
      '      d:',
      '        type: integer',
      '        checks:',
      '          - expression: VALUE > 0',
      '          - expression: VALUE > 1',
      '    sequences:',
      '      s:',
      '        increment: -1',
      '    tables:',
      '      t:',
      '        columns:',
      '          - name: u',
      '            type: integer',
      '            collation: C',
      '        foreignKeys:',
      '          - columns: [u]',
      '            references:',
      '              table: users',
      '              columns: [id]',
      '        indexes:',
      '          - columns:',
      '              - column: u',
      '                order: desc',
      '            with:',
      '              fillfactor: 70',
      '              deduplicate_items: false',
      '              x: "0.50"',
      '      users:',
      '        columns:',
      '          - name: id',
      '            type: serial',
      '        primaryKey:',
      '          columns: [id]',
      '',
    ].join('\n'),
  );
  assert.equal(writeModel(await reread(text)), text);
});

test('reading what was written and writing again gives the same bytes, whatever the names', async () => {
  const text = writeModel(hostileModel());
  const again = writeModel(await reread(text));
  assert.equal(again, text);
  // Spot checks that YAML did not misread anything.
  const model = await reread(text);
  const schema = model.schemas?.['My Schema'];
  assert.equal(schema?.description, 'yes');
  assert.deepEqual(
    Object.keys(schema?.tables ?? {}).sort(),
    [...HOSTILE, 'Users', 'users', 'with space', '__proto__', 'a/b', 'con', 'tab\tand\\slash'].sort(),
  );
  assert.deepEqual(schema?.enums?.NULL?.values, [...HOSTILE, "it's", ' padded ']);
  const columns = schema?.tables?.yes?.columns ?? [];
  assert.equal(
    columns.find((c) => c.name.startsWith('Ü'))?.description,
    'line one\n  line two, indented\ntrailing spaces   ',
  );
  assert.doesNotMatch(text, /^ {0,}long long/m, 'long strings are not folded over lines');
  // PostgreSQL's own comment on schema public is left out; the schema itself stays.
  assert.deepEqual(model.schemas?.public, {});
});

async function writeDirectory(files: Map<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'schemata-write-'));
  for (const [path, text] of files) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

for (const layout of ['single', 'per-schema', 'per-table'] as ModelLayout[]) {
  test(`directory layout ${layout}: written, read back and written again, byte for byte`, async () => {
    const files = writeModelFiles(hostileModel(), layout);
    for (const text of files.values()) assert.match(text, /^schemata: 1\n/);
    const dir = await writeDirectory(files);
    try {
      const read = await readModel(dir);
      assert.deepEqual(read.diagnostics.map(formatDiagnostic), []);
      assert.deepEqual(writeModelFiles(read.model, layout), files);
      assert.equal(writeModel(read.model), writeModel(hostileModel()));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('per-table layout: project, schema and table files, with encoded names', () => {
  const files = writeModelFiles(hostileModel(), 'per-table');
  const paths = [...files.keys()];
  assert.equal(paths[0], 'project.yaml');
  assert.ok(paths.includes('^my%20^schema/schema.yaml'));
  assert.ok(paths.includes('^my%20^schema/tables/^users.yaml'));
  assert.ok(paths.includes('^my%20^schema/tables/users.yaml'));
  assert.ok(paths.includes('^my%20^schema/tables/%63on.yaml'));
  assert.ok(paths.includes('^my%20^schema/tables/a%2Fb.yaml'));
  // public has only its standard comment, which is left out: an empty schema still gets a file.
  assert.ok(paths.includes('public/schema.yaml'));
  assert.equal(files.get('public/schema.yaml'), 'schemata: 1\nschemas:\n  public: {}\n');
  assert.equal(files.get('project.yaml')?.includes('schemas'), false);
});

test('file names: safe characters stay, others are encoded, distinct even where case is ignored', () => {
  assert.equal(encodeFileName('task_tags-2'), 'task_tags-2');
  assert.equal(encodeFileName('Users'), '^users');
  assert.equal(encodeFileName('my table.v2'), 'my%20table%2Ev2');
  assert.equal(encodeFileName('é'), '%C3%A9');
  assert.equal(encodeFileName('../x'), '%2E%2E%2Fx');
  assert.equal(encodeFileName('^%'), '%5E%25');
  assert.equal(encodeFileName('nul'), '%6Eul');
  assert.equal(encodeFileName('NUL'), '^n^u^l');
  const names = ['a', 'A', 'é', 'É', 'e\u0301', 'x y', 'x%20y', '^a', 'con', '%63on'];
  const folded = names.map((n) => encodeFileName(n).toLowerCase().normalize('NFC'));
  assert.equal(new Set(folded).size, names.length);
  for (const n of names) assert.match(encodeFileName(n), /^[a-z0-9_%^A-F-]+$/);
});

test('a field the format does not have is a programmer error', () => {
  const model = { schemas: { public: { tables: { t: { columns: [], extra: 1 } } } } } as unknown as Model;
  assert.throws(() => writeModel(model), /unknown field "extra" at schemas\.public\.tables\.t/);
});

test('property: any names round-trip through text', async () => {
  const name = fc.oneof(
    fc.constantFrom(...HOSTILE, "'", '"', '#', ': ', '- ', '\\', '\t'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
      name,
      async (names, description) => {
        const tables: Record<string, { columns: { name: string; type: string; description: string }[] }> = {};
        for (const n of names) {
          Object.defineProperty(tables, n, {
            value: { columns: names.map((c) => ({ name: c, type: 'text', description })) },
            enumerable: true,
          });
        }
        const model: Model = { schemas: { public: { enums: { e: { values: names } }, tables } } };
        const text = writeModel(model);
        const result = await readModelSources([{ file: 'model.yaml', text }]);
        assert.deepEqual(
          result.diagnostics.filter((d) => d.code === 'yaml-syntax' || d.code === 'invalid-shape'),
          [],
        );
        assert.equal(writeModel(result.model), text);
        assert.deepEqual(result.model.schemas?.public?.enums?.e?.values, names);
      },
    ),
    { numRuns: 150 },
  );
});
