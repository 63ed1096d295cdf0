import type { Naming } from '../../../model/model-schema.ts';
import { columnsMentioned, indexColumnsForName } from '../../../model/naming.ts';
import { clipToBytes } from '../../../model/naming.ts';
import { analyzeModel } from '../../model/analysis.ts';
import type { ModelRule } from '../../rule.ts';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Values {
  schema: string;
  table: string;
  /** undefined when the columns cannot be known (expressions): any text matches. */
  columns: string | undefined;
  refTable?: string;
}

/** Whether a name is what the template makes of these values (or its first 63 bytes). */
function matchesTemplate(template: string, name: string, values: Values): boolean {
  const parts = template.split(/\{(schema|table|columns|description|ref_table)\}/);
  let pattern = '';
  let exact = '';
  let wild = false;
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      pattern += escape(part);
      exact += part;
      return;
    }
    const value =
      part === 'schema'
        ? values.schema
        : part === 'table'
          ? values.table
          : part === 'ref_table'
            ? (values.refTable ?? '')
            : part === 'columns'
              ? values.columns
              : undefined;
    if (value === undefined) {
      pattern += '.+';
      wild = true;
    } else {
      pattern += escape(value);
      exact += value;
    }
  });
  if (!wild) return name === exact || name === clipToBytes(exact, 63);
  return new RegExp(`^${pattern}$`).test(name) || Buffer.byteLength(name, 'utf8') === 63;
}

export const nameNotFromTemplate: ModelRule = {
  kind: 'model',
  code: 'name-not-from-template',
  category: 'naming',
  severity: 'info',
  summary: "Explicit constraint and index names follow the project's naming templates (project.naming).",
  rationale:
    'A project that sets naming templates wants one pattern for every key and index, so names say what an object is (pk_, fk_, idx_) and where. An explicit name that departs from the template is usually a leftover from an import or from before the templates; leaving the name out lets the template make it.',
  fix: "Remove the explicit `name:` so the template makes it, or rename it to the template's pattern.",
  examples: {
    bad: `project:
  naming: { index: "ix_{table}_{columns}" }
schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { name: orders_placed_at_idx, columns: [placed_at] }
`,
    good: `project:
  naming: { index: "ix_{table}_{columns}" }
schemas:
  public:
    tables:
      orders:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: placed_at, type: timestamptz, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [placed_at] }
`,
  },
  related: ['atlas: naming (NM) checks'],
  differences:
    'Only the kinds the project gives a template for are checked; names that PostgreSQL would truncate are compared on their first 63 bytes.',
  check(context) {
    const naming: Naming = context.model.project?.naming ?? {};
    if (Object.values(naming).every((template) => template === undefined)) return;
    for (const info of analyzeModel(context.model).tables) {
      const { table, schema, name: tableName, path } = info;
      const base = { schema, table: tableName };
      const test = (
        kind: keyof Naming,
        label: string,
        name: string | undefined,
        at: (string | number)[],
        values: Values,
      ) => {
        const template = naming[kind];
        if (template === undefined || name === undefined || matchesTemplate(template, name, values)) return;
        context.report({
          message: `${label} ${name} of ${info.object} does not follow the naming template "${template}"`,
          path: [...path, ...at],
          object: `${info.object}.${name}`,
        });
      };
      if (table.primaryKey)
        test('primaryKey', 'primary key', table.primaryKey.name, ['primaryKey', 'name'], {
          ...base,
          columns: table.primaryKey.columns.join('_'),
        });
      (table.uniques ?? []).forEach((unique, i) =>
        test('unique', 'unique constraint', unique.name, ['uniques', i, 'name'], {
          ...base,
          columns: unique.columns.join('_'),
        }),
      );
      (table.foreignKeys ?? []).forEach((fk, i) =>
        test('foreignKey', 'foreign key', fk.name, ['foreignKeys', i, 'name'], {
          ...base,
          columns: fk.columns.join('_'),
          refTable: fk.references.table,
        }),
      );
      (table.checks ?? []).forEach((check, i) =>
        test('check', 'check', check.name, ['checks', i, 'name'], {
          ...base,
          columns: columnsMentioned(table, check.expression).join('_') || undefined,
        }),
      );
      (table.exclusions ?? []).forEach((exclusion, i) =>
        test('exclusion', 'exclusion constraint', exclusion.name, ['exclusions', i, 'name'], {
          ...base,
          columns: exclusion.elements.every((e) => e.column !== undefined)
            ? exclusion.elements.map((e) => e.column).join('_')
            : undefined,
        }),
      );
      (table.indexes ?? []).forEach((index, i) => {
        const values = {
          ...base,
          columns: index.columns.every((key) => typeof key === 'string' || key.column !== undefined)
            ? indexColumnsForName(table, index).join('_')
            : undefined,
        };
        // A unique index may stand for a unique constraint (the softDelete pattern makes them so).
        const unique = naming.unique;
        if (
          index.unique &&
          unique !== undefined &&
          index.name !== undefined &&
          matchesTemplate(unique, index.name, values)
        )
          return;
        test('index', 'index', index.name, ['indexes', i, 'name'], values);
      });
    }
  },
};
