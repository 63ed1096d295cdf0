// A deterministic synthetic model of N tables, shaped like an application schema: enums, foreign
// keys to earlier tables, several indexes, checks and comments on everything.
import type { Model, Table } from '../../src/model/model-schema.ts';

export function syntheticModel(tableCount: number): Model {
  const tables: Record<string, Table> = {};
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
    tables[name] = table;
  }
  return {
    schemata: 1,
    schemas: {
      public: {
        enums: { entity_status: { values: ['active', 'suspended', 'archived'], description: 'Lifecycle.' } },
        tables,
      },
    },
  };
}
