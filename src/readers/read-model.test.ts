import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featuresModel } from '../../test/fixtures/ddl-features-model.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import type { Model } from '../model/model-schema.ts';
import { writeModel, writeModelFiles } from '../writers/model-files.ts';
import { readPlainYaml } from './plain-yaml.ts';
import {
  readModel,
  readModelSources,
  readModelSourcesPlainly,
  readModelSourcesWithPositions,
  type ModelSource,
  type ReadModelResult,
} from './read-model.ts';

/** Each diagnostic as `code file:line:column`, the way a user sees where it is. */
function positions(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) =>
    d.location
      ? `${d.code} ${d.location.file}:${d.location.line}:${d.location.column}`
      : `${d.code} (${d.object})`,
  );
}

async function diagnose(...lines: string[]): Promise<string[]> {
  const result = await readModelSources([{ file: 'model.yaml', text: lines.join('\n') + '\n' }]);
  return positions(result.diagnostics);
}

async function withDirectory<T>(files: Record<string, string>, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'schemata-read-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a valid model reads without diagnostics and with canonical type names', async () => {
  const result = await readModelSources([
    {
      file: 'model.yaml',
      text: [
        'schemata: 1',
        'schemas:',
        '  public:',
        '    tables:',
        '      tasks:',
        '        columns:',
        '          - { name: id, type: int8, notNull: true }',
        '          - { name: due, type: timestamptz }',
        '          - { name: price, type: "decimal(10, 2)" }',
        '        primaryKey: { columns: [id] }',
      ].join('\n'),
    },
  ]);
  assert.deepEqual(positions(result.diagnostics), []);
  const columns = result.model.schemas?.public?.tables?.tasks?.columns.map((c) => c.type);
  assert.deepEqual(columns, ['bigint', 'timestamp with time zone', 'numeric(10,2)']);
});

test('yaml-syntax: a syntax error is reported at its position and the file is not read further', async () => {
  assert.deepEqual(await diagnose('schemas:', '  public:', '    tables: [', 'project: {}'), [
    'yaml-syntax model.yaml:4:1',
  ]);
});

test('yaml-syntax: a key given twice in one mapping', async () => {
  const result = await readModelSources([
    { file: 'model.yaml', text: 'schemas:\n  public: {}\n  public: {}\n' },
  ]);
  assert.deepEqual(positions(result.diagnostics), ['yaml-syntax model.yaml:3:3']);
  assert.match(result.diagnostics[0]?.message ?? '', /duplicate key public/);
});

test('invalid-shape: unknown field at its key, with a suggestion', async () => {
  const result = await readModelSources([
    {
      file: 'model.yaml',
      text: [
        'schemas:',
        '  public:',
        '    tables:',
        '      t:',
        '        columns:',
        '          - name: a',
        '            typ: text',
      ].join('\n'),
    },
  ]);
  // The unknown field, and the required `type` that is missing from the column (at the column).
  assert.deepEqual(positions(result.diagnostics), [
    'invalid-shape model.yaml:6:13',
    'invalid-shape model.yaml:7:13',
  ]);
  const unknown = result.diagnostics.find((d) => d.message.includes('"typ"'));
  assert.match(unknown?.hint ?? '', /did you mean "type"/);
});

test('invalid-shape: a wrong value is reported at the value; the rest of the model is still checked', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    tables:',
      '      a:',
      '        unlogged: maybe',
      '        columns: [{ name: x, type: integer }]',
      '      b:',
      '        columns: [{ name: x, type: no_such_type }]',
      '        foreignKeys:',
      '          - columns: [x]',
      '            references: { table: a, columns: [x] }',
    ),
    // Table a is dropped for its bad field, so the foreign key to it is not reported again.
    ['invalid-shape model.yaml:5:19', 'unknown-type model.yaml:8:36'],
  );
});

test('invalid-shape: unsupported format version and keys YAML reads as non-strings', async () => {
  assert.deepEqual(await diagnose('schemata: 2', 'schemas:', '  1e3: {}', '  null: {}'), [
    'invalid-shape model.yaml:1:11',
    'invalid-shape model.yaml:3:3',
    'invalid-shape model.yaml:4:3',
  ]);
});

test('invalid-shape: an index key with both column and expression', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    tables:',
      '      t:',
      '        columns: [{ name: a, type: text }]',
      '        indexes:',
      '          - columns:',
      '              - { column: a, expression: lower(a) }',
    ),
    ['invalid-shape model.yaml:8:17'],
  );
});

test('duplicate-object: the same table in two files points at the second', async () => {
  const table = (file: string) => ({
    file,
    text: [
      'schemas:',
      '  public:',
      '    tables:',
      '      tasks:',
      '        columns: [{ name: id, type: integer }]',
    ].join('\n'),
  });
  const result = await readModelSources([table('a.yaml'), table('b.yaml')]);
  assert.deepEqual(positions(result.diagnostics), ['duplicate-object b.yaml:4:7']);
  assert.match(result.diagnostics[0]?.message ?? '', /first definition is at a\.yaml:4:7/);
});

test('duplicate-object: project in two files', async () => {
  const result = await readModelSources([
    { file: 'a.yaml', text: 'project: { name: x }\n' },
    { file: 'b.yaml', text: 'schemata: 1\nproject: { name: y }\n' },
  ]);
  assert.deepEqual(positions(result.diagnostics), ['duplicate-object b.yaml:2:1']);
});

test('unknown-type and invalid-type, for columns and domains; extensions provide types', async () => {
  assert.deepEqual(
    await diagnose(
      'extensions:',
      '  citext: {}',
      'schemas:',
      '  public:',
      '    enums:',
      '      status: { values: [a, b] }',
      '    domains:',
      '      email: { type: citext }',
      '      broken: { type: "int[" }',
      '    tables:',
      '      t:',
      '        columns:',
      '          - { name: a, type: status }',
      '          - { name: b, type: email }',
      '          - { name: c, type: app.status }',
      '          - { name: d, type: hstore }',
      '          - { name: e, type: "numeric(" }',
      '          - { name: f, type: "status[]" }',
    ),
    [
      'invalid-type model.yaml:9:23',
      'unknown-type model.yaml:15:30',
      'unknown-type model.yaml:16:30',
      'invalid-type model.yaml:17:30',
    ],
  );
});

test('unknown-type is not reported when an extension the reader does not know is declared', async () => {
  assert.deepEqual(
    await diagnose(
      'extensions:',
      '  some_extension: {}',
      'schemas:',
      '  public:',
      '    tables:',
      '      t:',
      '        columns: [{ name: a, type: fancy_type }]',
    ),
    [],
  );
});

test('unknown-column: in keys, includes, indexes, exclusions, foreign keys and sequence ownership', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    sequences:',
      '      s: { ownedBy: { table: t, column: nope } }',
      '    tables:',
      '      t:',
      '        columns: [{ name: id, type: integer }, { name: r, type: tstzrange }]',
      '        primaryKey: { columns: [idd], include: [r2] }',
      '        uniques: [{ columns: [Id] }, { columns: [r] }]',
      '        foreignKeys:',
      '          - { columns: [x], references: { table: t, columns: [r] }, name: fk1 }',
      '          - { columns: [id], references: { table: t, columns: [y] }, name: fk2 }',
      '        exclusions:',
      '          - elements: [{ column: rr, operator: "&&" }]',
      '            using: gist',
      '        indexes:',
      '          - columns: [id, zz]',
      '            include: [ii]',
      '          - columns: [{ column: qq }]',
    ),
    [
      'unknown-column model.yaml:4:41',
      'unknown-column model.yaml:8:33',
      'unknown-column model.yaml:8:49',
      'unknown-column model.yaml:9:31',
      'unknown-column model.yaml:11:25',
      'unknown-column model.yaml:12:64',
      'unknown-column model.yaml:14:34',
      'unknown-column model.yaml:17:27',
      'unknown-column model.yaml:18:23',
      'unknown-column model.yaml:19:33',
    ],
  );
});

test('unknown-table: foreign key targets (also in other schemas) and sequence owners', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  app:',
      '    tables:',
      '      users:',
      '        columns: [{ name: id, type: integer }]',
      '        primaryKey: { columns: [id] }',
      '  public:',
      '    sequences:',
      '      s: { ownedBy: { table: ghosts, column: id } }',
      '    tables:',
      '      t:',
      '        columns: [{ name: u, type: integer }]',
      '        foreignKeys:',
      '          - { columns: [u], references: { table: users, columns: [id] } }',
      '          - { columns: [u], references: { schema: app, table: users, columns: [id] }, name: fk2 }',
    ),
    ['unknown-table model.yaml:9:30', 'unknown-table model.yaml:14:50'],
  );
});

test('fk-column-count, fk-type-mismatch and fk-target-not-unique', async () => {
  const result = await readModelSources([
    {
      file: 'model.yaml',
      text: [
        'schemas:',
        '  public:',
        '    domains:',
        '      user_id: { type: bigint }',
        '    tables:',
        '      users:',
        '        columns:',
        '          - { name: id, type: bigserial }',
        '          - { name: email, type: text }',
        '          - { name: code, type: integer }',
        '        primaryKey: { columns: [id] }',
        '      t:',
        '        columns:',
        '          - { name: a, type: user_id }',
        '          - { name: b, type: integer }',
        '          - { name: c, type: text }',
        '        foreignKeys:',
        '          - { columns: [a], references: { table: users, columns: [id] } }',
        '          - { columns: [a, b], references: { table: users, columns: [id] } }',
        '          - { columns: [b], references: { table: users, columns: [id] } }',
        '          - { columns: [c], references: { table: users, columns: [code] } }',
        '          - { columns: [c], references: { table: users, columns: [email] }, name: fk5 }',
      ].join('\n'),
    },
  ]);
  assert.deepEqual(positions(result.diagnostics), [
    'fk-column-count model.yaml:19:60',
    'fk-type-mismatch model.yaml:20:25',
    'fk-type-mismatch model.yaml:21:25',
    'fk-target-not-unique model.yaml:21:57',
    'fk-target-not-unique model.yaml:22:57',
  ]);
  // integer -> bigint works in PostgreSQL: a warning; text -> integer does not: an error.
  assert.deepEqual(
    result.diagnostics.filter((d) => d.code === 'fk-type-mismatch').map((d) => d.severity),
    ['warning', 'error'],
  );
});

test('duplicate-name: columns, constraints per table, relations and types per schema, enum values', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    enums:',
      '      t: { values: [a, b, a] }',
      '    sequences:',
      '      idx_t_a: {}',
      '    tables:',
      '      t:',
      '        columns:',
      '          - { name: a, type: integer }',
      '          - { name: a, type: text }',
      '        checks:',
      '          - { name: same, expression: a > 0 }',
      '          - { name: same, expression: a < 9 }',
      '        indexes:',
      '          - columns: [a]',
    ),
    [
      // enum t and table t: a table is also a type
      'duplicate-name model.yaml:4:7',
      'duplicate-name model.yaml:4:27',
      'duplicate-name model.yaml:11:21',
      'duplicate-name model.yaml:14:21',
      // the index, named idx_t_a by the template idx_{table}_{columns}, and sequence idx_t_a
      'duplicate-name model.yaml:16:13',
    ],
  );
});

test('duplicate-name: a clash of constraint names is reported once, though it is also a clash of indexes', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    tables:',
      '      t:',
      '        columns: [{ name: a, type: integer }]',
      '        primaryKey: { columns: [a], name: t_key }',
      '        uniques: [{ columns: [a], name: t_key }]',
    ),
    ['duplicate-name model.yaml:7:41'],
  );
});

test('identifier-too-long: written names and names from templates', async () => {
  const long = 'x'.repeat(64);
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    tables:',
      `      ${long}:`,
      '        columns:',
      `          - { name: ${'é'.repeat(32)}, type: integer }`,
      '          - { name: b, type: integer }',
      '        indexes:',
      '          - columns: [b]',
    ),
    [
      'identifier-too-long model.yaml:4:7',
      'identifier-too-long model.yaml:6:21',
      'identifier-too-long model.yaml:9:13',
    ],
  );
});

test('invalid-enum: no values and a value over 63 bytes', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    enums:',
      '      e: { values: [] }',
      `      f: { values: [ok, ${'v'.repeat(64)}] }`,
    ),
    ['invalid-enum model.yaml:4:12', 'invalid-enum model.yaml:5:25'],
  );
});

test('invalid-default: identity, generated, serial and enum defaults', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    enums:',
      '      status: { values: [todo, done] }',
      '    tables:',
      '      t:',
      '        columns:',
      '          - { name: a, type: integer, identity: { generation: always }, default: "1" }',
      '          - { name: b, type: text, identity: { generation: always } }',
      '          - { name: c, type: bigint, identity: { generation: always }, generated: "1" }',
      '          - { name: d, type: integer, generated: "1", default: "2" }',
      '          - { name: e, type: serial, default: "1" }',
      '          - { name: f, type: status, default: "\'later\'::status" }',
      '          - { name: g, type: status, default: "\'todo\'" }',
    ),
    [
      'invalid-default model.yaml:8:82',
      'invalid-default model.yaml:9:36',
      'invalid-default model.yaml:10:83',
      'invalid-default model.yaml:11:64',
      'invalid-default model.yaml:12:47',
      'invalid-default model.yaml:13:47',
    ],
  );
});

test('invalid-expression: defaults, checks, generated columns, predicates, index and domain expressions', async () => {
  assert.deepEqual(
    await diagnose(
      'schemas:',
      '  public:',
      '    domains:',
      '      pos: { type: integer, checks: [{ expression: "VALUE >" }] }',
      '    tables:',
      '      t:',
      '        columns:',
      '          - { name: a, type: integer, default: "1 +" }',
      '          - { name: b, type: integer, generated: "a * 2) FROM t WHERE (true" }',
      '        checks:',
      '          - expression: "CHECK (a > 0)"',
      '        indexes:',
      '          - columns: [{ expression: "lower(" }]',
      '            where: "a > 0; DROP TABLE t"',
    ),
    [
      'invalid-expression model.yaml:4:52',
      'invalid-expression model.yaml:8:48',
      'invalid-expression model.yaml:9:50',
      'invalid-expression model.yaml:11:25',
      'invalid-expression model.yaml:13:37',
      'invalid-expression model.yaml:14:20',
    ],
  );
});

test('invalid-naming-template: unknown placeholders and {ref_table} outside foreign keys', async () => {
  assert.deepEqual(
    await diagnose(
      'project:',
      '  naming:',
      '    index: "ix_{tabel}_{columns}"',
      '    unique: "uq_{ref_table}"',
      '    foreignKey: "fk_{table}_{ref_table}"',
    ),
    ['invalid-naming-template model.yaml:3:12', 'invalid-naming-template model.yaml:4:13'],
  );
});

test('all problems are reported at once, sorted by file and position', async () => {
  const result = await readModelSources([
    {
      file: 'b.yaml',
      text: 'schemas:\n  public:\n    tables:\n      t:\n        columns: [{ name: a, type: nope }]\n',
    },
    {
      file: 'a.yaml',
      text: 'schemas:\n  public:\n    tables:\n      u:\n        columns: [{ name: a, type: nada }]\n',
    },
  ]);
  assert.deepEqual(positions(result.diagnostics), ['unknown-type b.yaml:5:36', 'unknown-type a.yaml:5:36']);
});

test('a directory: files below it are read sorted and merged; hidden files are skipped', async () => {
  await withDirectory(
    {
      'project.yaml': 'schemata: 1\nproject: { name: demo }\n',
      'public/schema.yaml': 'schemas:\n  public:\n    enums:\n      s: { values: [a] }\n',
      'public/tables/b.json':
        '{"schemas": {"public": {"tables": {"b": {"columns": [{"name": "x", "type": "s"}]}}}}}',
      'public/tables/a.yml':
        'schemas:\n  public:\n    tables:\n      a:\n        columns: [{ name: x, type: bogus }]\n',
      '.hidden/x.yaml': 'this: [is not a model',
      'notes.txt': 'not a model',
    },
    async (dir) => {
      const result = await readModel(dir);
      assert.deepEqual(
        result.files.map((f) =>
          f
            .slice(dir.length + 1)
            .split('\\')
            .join('/'),
        ),
        ['project.yaml', 'public/schema.yaml', 'public/tables/a.yml', 'public/tables/b.json'],
      );
      assert.deepEqual(positions(result.diagnostics), [
        `unknown-type ${join(dir, 'public/tables/a.yml')}:5:36`,
      ]);
      assert.deepEqual(Object.keys(result.model.schemas?.public?.tables ?? {}).sort(), ['a', 'b']);
      assert.equal(result.model.project?.name, 'demo');
      // Later diagnostics about the merged model find their file too.
      assert.deepEqual(result.locate(['schemas', 'public', 'tables', 'b', 'columns', 0, 'type']), {
        file: join(dir, 'public/tables/b.json'),
        line: 1,
        column: 76,
      });
    },
  );
});

test('unreadable-file and no-model-files', async () => {
  const missing = await readModel('/no/such/model.yaml');
  assert.deepEqual(positions(missing.diagnostics), ['unreadable-file (/no/such/model.yaml)']);
  await withDirectory({ 'readme.md': '# nothing here' }, async (dir) => {
    const empty = await readModel(dir);
    assert.deepEqual(positions(empty.diagnostics), [`no-model-files (${dir})`]);
  });
});

test('names that JavaScript objects treat specially are ordinary names', async () => {
  const result = await readModelSources([
    {
      file: 'model.yaml',
      text: [
        'schemas:',
        '  __proto__:',
        '    tables:',
        '      constructor:',
        '        columns: [{ name: id, type: integer }]',
        '        foreignKeys:',
        '          - { columns: [id], references: { table: toString, columns: [id] } }',
      ].join('\n'),
    },
  ]);
  assert.deepEqual(positions(result.diagnostics), ['unknown-table model.yaml:7:51']);
  assert.deepEqual(Object.keys(result.model.schemas ?? {}), ['__proto__']);
});

/** Reads the sources as readModelSources does and with positions from the start; both must agree. */
async function readBothWays(
  sources: readonly ModelSource[],
): Promise<ReadModelResult & { readPlainly: boolean }> {
  const result = await readModelSources(sources);
  const withPositions = await readModelSourcesWithPositions(sources);
  assert.deepStrictEqual(result.model, withPositions.model);
  assert.deepStrictEqual(result.diagnostics, withPositions.diagnostics);
  assert.deepStrictEqual(result.files, withPositions.files);
  const plain = readModelSourcesPlainly(sources);
  if (plain) {
    assert.deepStrictEqual(result.diagnostics, []);
    assert.deepStrictEqual(plain.model, result.model);
  }
  return { ...result, readPlainly: plain !== undefined };
}

const HOSTILE_NAMES = [
  'yes',
  'no',
  'null',
  '~',
  '1e3',
  'true',
  'on',
  'y',
  '0o17',
  '0x1F',
  '.inf',
  '10',
  '<<',
  '-',
  '? x',
];

function hostileModel(): Model {
  const columns = [
    { name: 'id', type: 'integer', notNull: true },
    ...HOSTILE_NAMES.map((name) => ({ name, type: 'text', description: name })),
    { name: 'it\'s "quoted"', type: 'text', description: 'a # is not a comment: really' },
    { name: 'Ünïcødé 名前', type: 'text', description: 'line one\n  line two, indented\ntrailing spaces   ' },
    { name: 'tab\tand\\slash', type: 'text', description: 'long '.repeat(80).trim() },
  ];
  const tables: Record<string, NonNullable<NonNullable<Model['schemas']>[string]['tables']>[string]> = {};
  for (const name of [...HOSTILE_NAMES, 'Users', 'users', 'with space', '__proto__', 'a/b']) {
    Object.defineProperty(tables, name, {
      value: { columns, primaryKey: { columns: ['id'] }, volume: { rows: 1000 } },
      enumerable: true,
    });
  }
  return {
    schemata: 1,
    project: { name: 'hostile' },
    schemas: {
      'My Schema': {
        description: 'yes',
        enums: { NULL: { values: [...HOSTILE_NAMES, "it's", ' padded '] } },
        tables,
      },
    },
  };
}

test('examples, every feature and hostile names read the same with and without positions', async () => {
  for (const example of ['examples/task-manager', 'examples/quiz-platform']) {
    const files = (await readModel(example)).files;
    const sources = await Promise.all(
      files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })),
    );
    const result = await readBothWays(sources);
    assert.deepEqual(positions(result.diagnostics), [], example);
    assert.ok(result.readPlainly, example);
  }
  for (const model of [featuresModel, hostileModel()]) {
    const single = [{ file: 'model.yaml', text: writeModel(model) }];
    const perTable = [...writeModelFiles(model, 'per-table')].map(([file, text]) => ({ file, text }));
    for (const sources of [single, perTable]) {
      await readBothWays(sources);
      // What the writer writes never needs the slow reader for its YAML.
      for (const { file, text } of sources) assert.ok(readPlainYaml(text), `${file} is read plainly`);
    }
  }
  const hostile = await readBothWays([{ file: 'model.yaml', text: writeModel(hostileModel()) }]);
  assert.deepEqual(positions(hostile.diagnostics), []);
  assert.ok(hostile.readPlainly);
  assert.deepEqual(hostile.model.schemas?.['My Schema']?.enums?.NULL?.values, [
    ...HOSTILE_NAMES,
    "it's",
    ' padded ',
  ]);
});

test('YAML edge cases give the same model and the same diagnostics as reading with positions', async () => {
  const table = (...lines: string[]) =>
    [
      'schemata: 1',
      'schemas:',
      '  public:',
      '    tables:',
      '      t:',
      ...lines.map((l) => `        ${l}`),
    ].join('\n') + '\n';
  const id = 'columns: [{ name: id, type: integer }]';
  // Name, text, and whether it is read the fast way.
  const cases: [string, string, boolean][] = [
    ['yes and no are strings', table(id, 'description: yes'), true],
    ['on and off are strings', table('columns: [{ name: on, type: integer, description: off }]'), true],
    ['null is nothing', table(id, 'description: null'), false],
    ['tilde is nothing', table(id, 'description: ~'), false],
    ['1e3 is a number', table(id, 'volume: { rows: 1e3 }'), true],
    ['0o7 is a number', table(id, 'volume: { rows: 0o7 }'), true],
    ['0x1F is a number', table(id, 'volume: { rows: 0x1F }'), true],
    ['.inf is a number', table(id, 'volume: { rows: .inf }'), false],
    ['1e999 overflows', table(id, 'volume: { rows: 1e999 }'), false],
    ['a number where a name belongs', table(id, 'description: 1e3'), false],
    ['a key read as a number', table(id, 'checks:', '  - { expression: id > 0, 1e3: x }'), false],
    ['a table named true', table(id).replace('      t:', '      true:'), false],
    ['a table named 10', table(id).replace('      t:', '      10:'), false],
    ['a table named "10"', table(id).replace('      t:', '      "10":'), true],
    ['a duplicate key', table(id, 'description: a', 'description: b'), false],
    [
      'an alias where a field does not belong',
      `${table('columns: &c [{ name: id, type: integer }]')}x: *c\n`,
      false,
    ],
    [
      'an alias of a valid part',
      [
        'schemata: 1',
        'schemas:',
        '  public:',
        '    tables:',
        '      a: &t { columns: [{ name: id, type: integer }] }',
        '      b: *t',
        '',
      ].join('\n'),
      false,
    ],
    ['a tag', table(id, 'description: !!str 1'), false],
    ['two documents', `${table(id)}---\n${table(id)}`, false],
    ['a document start', `---\n${table(id)}`, true],
    ['a tab as indentation', table(id).replace('    tables:', '\ttables:'), false],
    ['a tab after the colon', table(id, 'description:\tx'), true],
    ['an empty file', '', false],
    ['a comment only', '# nothing\n', false],
  ];
  for (const [name, text, plainly] of cases) {
    await test(name, async () => {
      assert.equal((await readBothWays([{ file: 'model.yaml', text }])).readPlainly, plainly);
    });
  }
  const read = async (name: string) => {
    const text = cases.find(([n]) => n === name)?.[1] ?? '';
    return readBothWays([{ file: 'model.yaml', text }]);
  };
  assert.equal((await read('yes and no are strings')).model.schemas?.public?.tables?.t?.description, 'yes');
  assert.equal((await read('0x1F is a number')).model.schemas?.public?.tables?.t?.volume?.rows, 31);
  assert.deepEqual(positions((await read('a duplicate key')).diagnostics), ['yaml-syntax model.yaml:8:9']);
  assert.deepEqual(positions((await read('a table named true')).diagnostics), [
    'invalid-shape model.yaml:5:7',
  ]);
});

test('a model read without positions still finds positions for later diagnostics', async () => {
  const result = await readModelSources([
    {
      file: 'model.yaml',
      text: [
        'schemas:',
        '  public:',
        '    tables:',
        '      t:',
        '        columns:',
        '          - { name: id, type: int4 }',
        '',
      ].join('\n'),
    },
  ]);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.model.schemas?.public?.tables?.t?.columns[0]?.type, 'integer');
  assert.deepEqual(result.locate(['schemas', 'public', 'tables', 't', 'columns', 0, 'type']), {
    file: 'model.yaml',
    line: 6,
    column: 31,
  });
});
