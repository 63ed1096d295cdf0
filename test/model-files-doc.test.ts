// docs/model-files.md documents every field the model format accepts. The fields are found by walking
// the format itself (the JSON Schema generated from the zod schema, so every object key at every
// level); each must have an entry in the page:
//
// - An object has a section: the text under a heading, up to the next heading of any level. A field's
//   entry there is a row of a Markdown table whose first cell names the field in backticks
//   (`| `name` | ... |`, or several: `| `storage`, `compression` | ... |`).
// - A small object described within its parent's row (an identity's sequence options, a foreign
//   key's `references`) has its fields named in backticks in that row instead.
// - The fields every kind of object shares (owner and privileges, `renamedFrom`, the documentation
//   fields) may instead have their row in the one section that describes them for all kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderModelJsonSchema } from '../src/model/model-json-schema.ts';

const PAGE = 'docs/model-files.md';

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Every object of the format: its path (`schemas.*.tables.*.columns[]`) and its keys. */
function formatObjects(): Map<string, Set<string>> {
  const objects = new Map<string, Set<string>>();
  const walk = (schema: JsonSchema | undefined, path: string) => {
    if (schema === undefined) return;
    if (schema.properties) {
      const keys = objects.get(path) ?? new Set<string>();
      for (const [key, value] of Object.entries(schema.properties)) {
        keys.add(key);
        walk(value, path === '' ? key : `${path}.${key}`);
      }
      objects.set(path, keys);
    }
    if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${path}.*`);
    walk(schema.items, `${path}[]`);
    for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      walk(part, path);
  };
  walk(JSON.parse(renderModelJsonSchema()) as JsonSchema, '');
  return objects;
}

type Place =
  /** Rows of the tables in these sections (headings as written, without the #). */
  | { sections: string[] }
  /** The row for `row` in this section. */
  | { section: string; row: string };

const TABLE_SECTIONS = [
  'Tables',
  'Partitioned tables, partitions and inheritance',
  'Triggers, row-level security, policies and rules',
  'Table patterns',
];
const TRIGGERS = 'Triggers, row-level security, policies and rules';
const ROUTINES = 'Functions, procedures and aggregates';
const TYPES = 'Composite types, range types and collations';
const PRIVILEGES = 'Ownership and privileges';

/** Where each object is documented; the first pattern that matches the path wins. */
const PLACES: [RegExp, Place][] = [
  [/^$/, { sections: ['Top level'] }],
  [/^project$/, { sections: ['`project`'] }],
  [/^project\.naming$/, { section: '`project`', row: 'naming' }],
  [/^project\.drops\[\]$/, { section: '`project`', row: 'drops' }],
  [/^extensions\.\*$/, { sections: ['`extensions`'] }],
  [/^roles\.\*$/, { sections: ['Roles'] }],
  [/^eventTriggers\.\*$/, { sections: [TRIGGERS] }],
  [/(^|\.)defaultPrivileges\[\]$/, { sections: ['Default privileges'] }],
  [/defaultPrivileges\[\]\.(grants|revokes)\[\]$/, { section: 'Default privileges', row: '$1' }],
  [/\.sequencePrivileges\.\*$/, { section: PRIVILEGES, row: 'sequencePrivileges' }],
  [/\.grants\[\]$/, { section: PRIVILEGES, row: 'grants' }],
  [/\.revokes\[\]$/, { section: PRIVILEGES, row: 'revokes' }],
  [/^schemas\.\*$/, { sections: ['Schemas'] }],
  [/^schemas\.\*\.enums\.\*$/, { sections: ['Enums'] }],
  [/^schemas\.\*\.domains\.\*$/, { sections: ['Domains'] }],
  [/^schemas\.\*\.domains\.\*\.checks\[\]$/, { section: 'Domains', row: 'checks' }],
  [/^schemas\.\*\.(compositeTypes|rangeTypes|collations)\.\*$/, { sections: [TYPES] }],
  [/^schemas\.\*\.compositeTypes\.\*\.attributes\[\]$/, { section: TYPES, row: 'attributes' }],
  [/^schemas\.\*\.statistics\.\*$/, { sections: ['Statistics objects'] }],
  [
    /^schemas\.\*\.textSearch(Dictionaries|Configurations)\.\*$/,
    { sections: ['Text search dictionaries and configurations'] },
  ],
  [/^schemas\.\*\.sequences\.\*$/, { sections: ['Sequences'] }],
  [/^schemas\.\*\.sequences\.\*\.ownedBy$/, { section: 'Sequences', row: 'ownedBy' }],
  [/^schemas\.\*\.tables\.\*$/, { sections: TABLE_SECTIONS }],
  [/^schemas\.\*\.tables\.\*\.patterns$/, { sections: ['Table patterns'] }],
  [/^schemas\.\*\.tables\.\*\.patterns\.(\w+)$/, { sections: ['Table patterns'] }],
  [/^schemas\.\*\.tables\.\*\.columns\[\]$/, { sections: ['Columns'] }],
  [/^schemas\.\*\.tables\.\*\.columns\[\]\.identity$/, { section: 'Columns', row: 'identity' }],
  [/^schemas\.\*\.tables\.\*\.primaryKey$/, { sections: ['Primary key'] }],
  [/^schemas\.\*\.tables\.\*\.uniques\[\]$/, { sections: ['Unique constraints'] }],
  [/^schemas\.\*\.tables\.\*\.foreignKeys\[\]$/, { sections: ['Foreign keys'] }],
  [/^schemas\.\*\.tables\.\*\.foreignKeys\[\]\.references$/, { section: 'Foreign keys', row: 'references' }],
  [/^schemas\.\*\.tables\.\*\.checks\[\]$/, { sections: ['Checks'] }],
  [/^schemas\.\*\.tables\.\*\.exclusions\[\]$/, { sections: ['Exclusion constraints'] }],
  [
    /^schemas\.\*\.tables\.\*\.exclusions\[\]\.elements\[\]$/,
    { section: 'Exclusion constraints', row: 'elements' },
  ],
  [/^schemas\.\*\.(tables|materializedViews)\.\*\.indexes\[\]$/, { sections: ['Indexes'] }],
  [
    /^schemas\.\*\.(tables|materializedViews)\.\*\.indexes\[\]\.columns\[\]$/,
    { section: 'Indexes', row: 'columns' },
  ],
  [
    /^schemas\.\*\.tables\.\*\.(partitionBy|partitionOf|inherits|replicaIdentity)/,
    { section: TABLE_SECTIONS[1] ?? '', row: '$1' },
  ],
  [/^schemas\.\*\.tables\.\*\.volume$/, { section: 'Documentation fields', row: 'volume' }],
  [/^schemas\.\*\.tables\.\*\.queryPatterns\[\]$/, { section: 'Documentation fields', row: 'queryPatterns' }],
  [/^schemas\.\*\.(tables|views)\.\*\.(policies|triggers|rules)\[\]$/, { sections: [TRIGGERS] }],
  [/^schemas\.\*\.(tables|views)\.\*\.triggers\[\]\.referencing$/, { section: TRIGGERS, row: 'referencing' }],
  [/^schemas\.\*\.(views|materializedViews)\.\*$/, { sections: ['Views and materialized views'] }],
  [/^schemas\.\*\.(functions|procedures|aggregates)\.\*$/, { sections: [ROUTINES] }],
  [
    /^schemas\.\*\.(functions|procedures|aggregates)\.\*\.(arguments|orderBy)\[\]$/,
    { section: ROUTINES, row: 'arguments' },
  ],
];

/** Fields every kind of object may have, and the one section that may describe them for all kinds. */
const SHARED: Record<string, string> = {
  owner: PRIVILEGES,
  grants: PRIVILEGES,
  revokes: PRIVILEGES,
  sequencePrivileges: PRIVILEGES,
  renamedFrom: 'Renames',
  description: 'Documentation fields',
  businessRule: 'Documentation fields',
  rationale: 'Documentation fields',
  dataOwner: 'Documentation fields',
  subjectArea: 'Documentation fields',
  tags: 'Documentation fields',
  sensitivity: 'Documentation fields',
  retention: 'Documentation fields',
  volume: 'Documentation fields',
  keyRationale: 'Documentation fields',
  queryPatterns: 'Documentation fields',
};

interface Row {
  /** Names in backticks in the first cell. */
  fields: Set<string>;
  /** Names in backticks anywhere in the row, alone or within code such as `{ table, column }`. */
  mentions: Set<string>;
}

const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

/** The table rows under each heading (up to the next heading); headings inside code blocks are not. */
function sectionsOf(page: string): Map<string, Row[]> {
  const sections = new Map<string, Row[]>();
  let rows: Row[] | undefined;
  let fenced = false;
  for (const line of page.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6} (.+)$/.exec(line);
    if (heading) {
      const title = (heading[1] ?? '').trim();
      assert.ok(!sections.has(title), `${PAGE}: the heading "${title}" appears twice`);
      rows = [];
      sections.set(title, rows);
    } else if (rows && line.startsWith('|') && !/^\|[\s:|-]+\|?$/.test(line)) {
      const first = line.split('|')[1] ?? '';
      rows.push({
        fields: new Set(backticked(first)),
        // Words in code: `{ table, column }` mentions both.
        mentions: new Set(backticked(line).flatMap((code) => code.match(/[A-Za-z_]\w*/g) ?? [])),
      });
    }
  }
  return sections;
}

function placeOf(path: string): Place {
  for (const [pattern, place] of PLACES) {
    const match = pattern.exec(path);
    if (match === null) continue;
    if ('row' in place) return { ...place, row: place.row.replace('$1', match[1] ?? '') };
    return place;
  }
  assert.fail(`no section of ${PAGE} is assigned to the model objects at ${path}; add one to PLACES`);
}

function missingEntries(page: string): string[] {
  const sections = sectionsOf(page);
  const rowsOf = (title: string) => {
    const rows = sections.get(title);
    assert.ok(rows, `${PAGE} has no section "${title}"`);
    return rows;
  };
  const hasRow = (title: string, field: string) => rowsOf(title).some((row) => row.fields.has(field));
  const missing: string[] = [];
  for (const [path, keys] of formatObjects()) {
    const place = placeOf(path);
    for (const key of keys) {
      const shared = SHARED[key];
      const found =
        'row' in place
          ? rowsOf(place.section).some((row) => row.fields.has(place.row) && row.mentions.has(key))
          : place.sections.some((title) => hasRow(title, key));
      if (found || (shared !== undefined && hasRow(shared, key))) continue;
      const where =
        'row' in place
          ? `the \`${place.row}\` row of "${place.section}"`
          : `"${place.sections.join('" or "')}"`;
      missing.push(`${path === '' ? '' : `${path}.`}${key} (in ${where})`);
    }
  }
  return missing;
}

test(`every field of the model format has an entry in ${PAGE}`, () => {
  assert.deepEqual(missingEntries(readFileSync(PAGE, 'utf8')), []);
});

test('a field whose entry is taken out is reported by its path', () => {
  const page = readFileSync(PAGE, 'utf8');
  const withoutRow = page.replace(/^\| `statisticsTarget` .*\n/m, '');
  assert.notEqual(withoutRow, page);
  assert.deepEqual(missingEntries(withoutRow), [
    'schemas.*.statistics.*.statisticsTarget (in "Statistics objects")',
  ]);
  const withoutNested = page.replace('`sequenceName`', 'sequenceName');
  assert.deepEqual(missingEntries(withoutNested), [
    'schemas.*.tables.*.columns[].identity.sequenceName (in the `identity` row of "Columns")',
  ]);
});
