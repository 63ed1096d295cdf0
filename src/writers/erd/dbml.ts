// DBML (dbdiagram.io's language) from a model: tables with their columns (pk, unique, not null,
// default, increment, note), indexes, enums, references with their cardinality operator and actions,
// subject areas as table groups. What DBML cannot say (views, checks, triggers, partial-index
// predicates, ...) is left out; docs/erd.md lists it. @dbml/core reads the text back in the tests.
import type { Column, ForeignKey, Index, IndexKey, Model, Table } from '../../model/model-schema.ts';
import { parseTypeName, TypeSyntaxError } from '../../dialects/postgres/types.ts';

/** Words DBML gives a meaning to; a name spelled like one is quoted. */
const DBML_WORDS = new Set([
  'table',
  'ref',
  'enum',
  'note',
  'indexes',
  'project',
  'tablegroup',
  'tablepartial',
  'records',
  'checks',
  'as',
  'pk',
  'primary',
  'key',
  'null',
  'not',
  'unique',
  'default',
  'increment',
  'true',
  'false',
]);

/** A DBML name: bare when it is a plain word, else in double quotes with `"` and `\` escaped. */
export function dbmlName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !DBML_WORDS.has(name.toLowerCase())) return name;
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A DBML string literal in single quotes. */
export function dbmlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r?\n/g, '\\n').replace(/\r/g, '\\n')}'`;
}

function dbmlExpression(sql: string): string {
  return `\`${sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

function qualified(schema: string, name: string): string {
  return schema === 'public' ? dbmlName(name) : `${dbmlName(schema)}.${dbmlName(name)}`;
}

/** A SQL default as DBML writes it: numbers, booleans, null and plain string literals as such. */
function dbmlDefault(sql: string): string {
  const text = sql.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return text;
  if (/^(true|false|null)$/i.test(text)) return text.toLowerCase();
  const literal = /^'((?:[^']|'')*)'$/.exec(text);
  if (literal) return dbmlString((literal[1] as string).replace(/''/g, "'"));
  return dbmlExpression(text);
}

/** The column type: an enum as DBML's `schema.name` (so it links to the enum), any other type as written. */
function dbmlType(type: string, enums: ReadonlySet<string>): string {
  try {
    const reference = parseTypeName(type);
    const schema = reference.schema ?? 'public';
    if (
      !reference.builtin &&
      reference.arrayDimensions === 0 &&
      enums.has(`${schema}\u0000${reference.name}`)
    )
      return qualified(schema, reference.name);
  } catch (error) {
    if (!(error instanceof TypeSyntaxError)) throw error;
  }
  if (/^[A-Za-z_][A-Za-z0-9_]*(\(\d+(,\d+)?\))?$/.test(type) && !DBML_WORDS.has(type.toLowerCase()))
    return type;
  return `"${type.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function settings(list: (string | undefined)[]): string {
  const present = list.filter((item) => item !== undefined);
  return present.length > 0 ? ` [${present.join(', ')}]` : '';
}

function columnLine(
  column: Column,
  enums: ReadonlySet<string>,
  singleKeys: { primary: string | undefined; unique: Set<string> },
): string {
  return `  ${dbmlName(column.name)} ${dbmlType(column.type, enums)}${settings([
    singleKeys.primary === column.name ? 'pk' : undefined,
    column.identity ? 'increment' : undefined,
    singleKeys.unique.has(column.name) ? 'unique' : undefined,
    column.notNull === true ? 'not null' : undefined,
    column.default !== undefined ? `default: ${dbmlDefault(column.default)}` : undefined,
    column.description !== undefined ? `note: ${dbmlString(column.description)}` : undefined,
  ])}`;
}

function indexColumns(columns: readonly IndexKey[]): string {
  const parts = columns.map((key) =>
    typeof key === 'string'
      ? dbmlName(key)
      : key.column !== undefined
        ? dbmlName(key.column)
        : dbmlExpression(key.expression ?? ''),
  );
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(', ')})`;
}

function indexLine(index: Index): string {
  // An index always says its method (btree by default); a unique constraint has none, which is how
  // an import tells them apart.
  return `    ${indexColumns(index.columns)}${settings([
    index.name !== undefined ? `name: ${dbmlString(index.name)}` : undefined,
    index.unique ? 'unique' : undefined,
    `type: ${index.method ?? 'btree'}`,
    index.description !== undefined ? `note: ${dbmlString(index.description)}` : undefined,
  ])}`;
}

/** The two ends of a foreign key's Ref, as DBML names them. */
function refEndpoints(schema: string, tableName: string, fk: ForeignKey): [string, string] {
  const side = (s: string, t: string, columns: readonly string[]) =>
    `${qualified(s, t)}.${columns.length === 1 ? dbmlName(columns[0] as string) : `(${columns.map(dbmlName).join(', ')})`}`;
  return [
    side(schema, tableName, fk.columns),
    side(fk.references.schema ?? schema, fk.references.table, fk.references.columns),
  ];
}

function refLine(schema: string, tableName: string, table: Table, fk: ForeignKey): string {
  const keys = [
    ...(table.primaryKey ? [table.primaryKey.columns] : []),
    ...(table.uniques ?? []).map((unique) => unique.columns),
    ...(table.indexes ?? [])
      .filter((index) => index.unique && index.where === undefined)
      .map((index) => index.columns.map((key) => (typeof key === 'string' ? key : (key.column ?? '')))),
  ];
  const oneToOne = keys.some((key) => key.every((column) => fk.columns.includes(column)));
  const [from, to] = refEndpoints(schema, tableName, fk);
  return `Ref${fk.name !== undefined ? ` ${dbmlName(fk.name)}` : ''}: ${from} ${oneToOne ? '-' : '>'} ${to}${settings(
    [
      fk.onDelete !== undefined ? `delete: ${fk.onDelete}` : undefined,
      fk.onUpdate !== undefined ? `update: ${fk.onUpdate}` : undefined,
    ],
  )}`;
}

/** The model as DBML text. Partitions are left out (their parent is the table). */
export function renderDbml(model: Model): string {
  const out: string[] = [];
  const project = model.project;
  const projectName = project?.name !== undefined ? `${dbmlName(project.name)} ` : '';
  out.push(`Project ${projectName}{`, "  database_type: 'PostgreSQL'");
  if (project?.description !== undefined) out.push(`  Note: ${dbmlString(project.description)}`);
  out.push('}', '');

  const leftOut: string[] = [];
  for (const [schema, def] of Object.entries(model.schemas ?? {})) {
    for (const name of Object.keys(def.views ?? {})) leftOut.push(`view ${qualified(schema, name)}`);
    for (const name of Object.keys(def.materializedViews ?? {}))
      leftOut.push(`materialized view ${qualified(schema, name)}`);
  }
  const enums = new Set<string>();
  for (const [schema, def] of Object.entries(model.schemas ?? {}))
    for (const name of Object.keys(def.enums ?? {})) enums.add(`${schema}\u0000${name}`);

  const schemas = Object.entries(model.schemas ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [schema, def] of schemas) {
    for (const [name, enumDef] of Object.entries(def.enums ?? {}).sort(byKey)) {
      out.push(`Enum ${qualified(schema, name)} {`);
      // DBML gives an enum no note, so its description is left out.
      for (const value of enumDef.values) out.push(`  ${dbmlName(value)}`);
      out.push('}', '');
    }
  }

  const refs: string[] = [];
  const refEnds = new Map<string, string>();
  const groups = new Map<string, string[]>();
  for (const [schema, def] of schemas) {
    for (const [name, table] of Object.entries(def.tables ?? {}).sort(byKey)) {
      if (table.partitionOf) continue;
      if (table.columns.length === 0) {
        leftOut.push(`table ${qualified(schema, name)} (DBML needs a column)`);
        continue;
      }
      // A key of one column is a column setting, unless it has a name to keep (settings have none).
      const primary =
        table.primaryKey?.columns.length === 1 && table.primaryKey.name === undefined
          ? table.primaryKey.columns[0]
          : undefined;
      const singleUniques = (table.uniques ?? []).filter(
        (unique) =>
          unique.columns.length === 1 && unique.name === undefined && unique.description === undefined,
      );
      const unique = new Set(singleUniques.map((u) => u.columns[0] as string));
      out.push(`Table ${qualified(schema, name)} {`);
      for (const column of table.columns) out.push(columnLine(column, enums, { primary, unique }));
      const indexes: string[] = [];
      if (table.primaryKey && primary === undefined)
        indexes.push(
          `    ${indexColumns(table.primaryKey.columns)}${settings([
            table.primaryKey.name !== undefined ? `name: ${dbmlString(table.primaryKey.name)}` : undefined,
            'pk',
          ])}`,
        );
      for (const constraint of table.uniques ?? []) {
        if (singleUniques.includes(constraint)) continue;
        indexes.push(
          `    ${indexColumns(constraint.columns)}${settings([
            constraint.name !== undefined ? `name: ${dbmlString(constraint.name)}` : undefined,
            'unique',
            constraint.description !== undefined ? `note: ${dbmlString(constraint.description)}` : undefined,
          ])}`,
        );
      }
      for (const index of table.indexes ?? []) indexes.push(indexLine(index));
      if (indexes.length > 0) out.push('', '  indexes {', ...indexes, '  }');
      if (table.description !== undefined) out.push('', `  Note: ${dbmlString(table.description)}`);
      out.push('}', '');
      for (const fk of table.foreignKeys ?? []) {
        // DBML holds one Ref per pair of ends; a second foreign key between the same columns (a
        // duplicate constraint, or one each way) is named instead.
        const ends = refEndpoints(schema, name, fk).sort().join('\u0000');
        const first = refEnds.get(ends);
        if (first === undefined) {
          refEnds.set(ends, fk.name ?? '');
          refs.push(refLine(schema, name, table, fk));
        } else {
          const named = fk.name !== undefined ? `${dbmlName(fk.name)} ` : '';
          const earlier = first === '' ? 'an earlier Ref' : `the Ref ${dbmlName(first)}`;
          leftOut.push(`foreign key ${named}on ${qualified(schema, name)} (same columns as ${earlier})`);
        }
      }
      if (table.subjectArea !== undefined) {
        const list = groups.get(table.subjectArea) ?? [];
        list.push(qualified(schema, name));
        groups.set(table.subjectArea, list);
      }
    }
  }
  for (const ref of refs) out.push(ref);
  if (refs.length > 0) out.push('');
  for (const [area, tables] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`TableGroup ${dbmlName(area)} {`, ...tables.map((table) => `  ${table}`), '}', '');
  }
  // What DBML cannot hold is named at the top, not dropped silently (docs/erd.md lists the rest).
  const header = leftOut.sort().map((item) => `// not in DBML: ${item.replace(/[\r\n]+/g, ' ')}`);
  return `${[...header, ...(header.length > 0 ? [''] : []), ...out].join('\n').trimEnd()}\n`;
}

function byKey<T>([a]: [string, T], [b]: [string, T]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
