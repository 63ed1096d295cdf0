// A deterministic synthetic model of N tables, shaped like an application schema: enums, foreign
// keys to earlier tables, several indexes, checks and comments on everything. The `objects` variant
// also gives every tenth table a view, a trigger function, a trigger and a policy (row security on).
import type { Model, Routine, Table, View } from '../../src/model/model-schema.ts';

export type SyntheticVariant = 'plain' | 'objects';

export function syntheticModel(tableCount: number, variant: SyntheticVariant = 'plain'): Model {
  const tables: Record<string, Table> = {};
  const views: Record<string, View> = {};
  const functions: Record<string, Routine> = {};
  for (let i = 0; i < tableCount; i++) {
    const name = `entity_${String(i).padStart(4, '0')}`;
    const parent = i > 0 ? `entity_${String(Math.floor(i / 2)).padStart(4, '0')}` : undefined;
    const table: Table = {
      description: `Synthetic entity number ${i}.`,
      columns: [
        {
          name: 'id',
          type: 'bigint',
          notNull: true,
          identity: { generation: 'always' },
          description: 'Surrogate key.',
        },
        { name: 'code', type: 'character varying(40)', notNull: true, description: 'Business key.' },
        { name: 'status', type: 'entity_status', notNull: true, default: "'active'::entity_status" },
        { name: 'amount', type: 'numeric(12,2)', notNull: true, default: '0' },
        { name: 'attributes', type: 'jsonb', notNull: true, default: "'{}'::jsonb" },
        { name: 'created_at', type: 'timestamp with time zone', notNull: true, default: 'now()' },
        { name: 'updated_at', type: 'timestamp with time zone' },
        ...(parent ? [{ name: 'parent_id', type: 'bigint', description: 'Owning entity.' }] : []),
      ],
      primaryKey: { columns: ['id'] },
      uniques: [{ columns: ['code'] }],
      checks: [{ expression: 'amount >= 0::numeric', description: 'Amounts are never negative.' }],
      indexes: [
        { columns: ['status', { column: 'created_at', order: 'desc' }] },
        { method: 'gin', columns: ['attributes'] },
        ...(parent ? [{ columns: ['parent_id'] }] : []),
      ],
      ...(parent && {
        foreignKeys: [
          {
            columns: ['parent_id'],
            references: { table: parent, columns: ['id'] },
            onDelete: 'cascade' as const,
          },
        ],
      }),
    };
    tables[name] =
      variant === 'objects' && i % 10 === 0 ? withCodeObjects(name, table, views, functions) : table;
  }
  return {
    schemata: 1,
    schemas: {
      public: {
        enums: { entity_status: { values: ['active', 'suspended', 'archived'], description: 'Lifecycle.' } },
        tables,
        ...(Object.keys(views).length > 0 && { views }),
        ...(Object.keys(functions).length > 0 && { functions }),
      },
    },
  };
}

/** Adds the table's view and trigger function to the schema and returns it with a trigger and a policy. */
function withCodeObjects(
  name: string,
  table: Table,
  views: Record<string, View>,
  functions: Record<string, Routine>,
): Table {
  views[`${name}_active`] = {
    description: `Active rows of ${name}.`,
    definition: ` SELECT id,\n    code,\n    amount\n   FROM ${name}\n  WHERE status = 'active'::entity_status`,
  };
  functions[`${name}_touch()`] = {
    description: `Keeps ${name}.updated_at current.`,
    language: 'plpgsql',
    returns: 'trigger',
    body: '\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND\n',
  };
  return {
    ...table,
    rowSecurity: true,
    policies: [
      {
        name: `${name}_visible`,
        command: 'select',
        using: "(status <> 'archived'::entity_status)",
        description: 'Archived rows are hidden.',
      },
    ],
    triggers: [
      {
        name: `${name}_touch`,
        timing: 'before',
        events: ['update'],
        forEach: 'row',
        function: `${name}_touch`,
        description: 'Sets updated_at.',
      },
    ],
  };
}

/**
 * The same shape written by hand, the way people write SQL: type aliases, casts left out, IN lists,
 * BETWEEN; every table with a default, a check and a partial index that PostgreSQL stores in another
 * spelling.
 */
export function handWrittenModel(tableCount: number): Model {
  const model = syntheticModel(tableCount);
  for (const table of Object.values(model.schemas?.public?.tables ?? {})) {
    for (const column of table.columns) {
      if (column.type === 'character varying(40)') column.type = 'varchar(40)';
      if (column.type === 'timestamp with time zone') column.type = 'timestamptz';
      if (column.default === "'active'::entity_status") column.default = "'active'";
      if (column.default === "'{}'::jsonb") column.default = "'{}'";
    }
    table.checks = [
      { expression: "amount between 0 and 1000000 and status in ('active', 'suspended', 'archived')" },
      { expression: "code <> ''" },
    ];
    table.indexes = [...(table.indexes ?? []), { columns: ['code'], where: "status <> 'archived'" }];
  }
  return model;
}
