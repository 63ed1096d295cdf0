// A deterministic synthetic ER diagram shaped like an application schema: subject areas of about 25
// tables, each with an enum and a view; tables reference earlier tables of their area (chains and
// fan-outs), now and then a table of another area (users, accounts); some are junction tables.
import type {
  Diagram,
  DiagramColumn,
  DiagramEntity,
  DiagramRelationship,
} from '../../src/writers/erd/diagram.ts';
import type { Model, SchemaDef as Schema } from '../../src/model/model-schema.ts';

const AREA_SIZE = 25;
const TYPES = ['text', 'varchar(255)', 'integer', 'numeric(12,2)', 'timestamptz', 'boolean', 'jsonb', 'date'];
const WORDS = [
  'name',
  'code',
  'status',
  'amount',
  'note',
  'created_at',
  'updated_at',
  'total',
  'email',
  'label',
];

/** mulberry32: a small seeded generator, so the same size gives the same diagram. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const column = (name: string, type: string, extra: Partial<DiagramColumn> = {}): DiagramColumn => ({
  name,
  type,
  primaryKey: false,
  foreignKey: false,
  unique: false,
  notNull: false,
  ...extra,
});

export function syntheticDiagram(
  tableCount: number,
  options: { seed?: number; areas?: boolean; shuffleNames?: boolean } = {},
): Diagram {
  const next = random(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const entities: DiagramEntity[] = [];
  const relationships: DiagramRelationship[] = [];
  const areaCount = Math.max(1, Math.ceil(tableCount / AREA_SIZE));
  // Tables reference earlier tables; shuffled names make the alphabetical order of names unrelated to
  // that, as in a real schema (orders -> customers, but accounts -> users).
  const order = Array.from({ length: tableCount }, (_, i) => i);
  if (options.shuffleNames)
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  const tableName = (i: number) => `t${String(order[i]).padStart(4, '0')}`;
  const areaOf = (i: number) => `area_${String(Math.floor(i / AREA_SIZE)).padStart(3, '0')}`;
  for (let i = 0; i < tableCount; i++) {
    const area = areaOf(i);
    const schema = options.areas === false ? 'public' : area;
    const first = Math.floor(i / AREA_SIZE) * AREA_SIZE;
    const columns: DiagramColumn[] = [column('id', 'bigint', { primaryKey: true, notNull: true })];
    const references: number[] = [];
    if (i > first) references.push(first + Math.floor(next() * (i - first)));
    const junction = i > first + 2 && next() < 0.1;
    if (junction) references.push(first + Math.floor(next() * (i - first)));
    else if (i >= AREA_SIZE && next() < 0.15)
      references.push(Math.floor(next() * Math.min(Math.floor(i / AREA_SIZE), 3)) * AREA_SIZE);
    references.forEach((target, k) => {
      const name = `${tableName(target)}_id${k > 0 ? `_${k}` : ''}`;
      const notNull = next() < 0.7;
      columns.push(column(name, 'bigint', { foreignKey: true, notNull }));
      relationships.push({
        id: `${schema}.${tableName(i)}.${tableName(i)}_${name}_fkey`,
        kind: 'foreign-key',
        from: `${schema}.${tableName(i)}`,
        to: `${options.areas === false ? 'public' : areaOf(target)}.${tableName(target)}`,
        fromColumns: [name],
        toColumns: ['id'],
        name: `${tableName(i)}_${name}_fkey`,
        fromCardinality: 'zero-or-many',
        toCardinality: notNull ? 'exactly-one' : 'zero-or-one',
      });
    });
    const extra = junction ? 0 : 2 + Math.floor(next() * 8);
    for (let k = 0; k < extra; k++)
      columns.push(column(`${pick(WORDS)}_${k}`, pick(TYPES), { notNull: next() < 0.5, unique: k === 0 }));
    if (i % 7 === 3) columns.push(column('state', `${schema}.${area}_state`, { notNull: true }));
    entities.push({
      id: `${schema}.${tableName(i)}`,
      kind: 'table',
      schema,
      name: tableName(i),
      area,
      stub: false,
      junction,
      columns,
    });
    if (i % 7 === 3)
      relationships.push({
        id: `${schema}.${tableName(i)}->${schema}.${area}_state`,
        kind: 'enum-use',
        from: `${schema}.${tableName(i)}`,
        to: `${schema}.${area}_state`,
        fromColumns: ['state'],
        toColumns: [],
      });
  }
  for (let a = 0; a < areaCount; a++) {
    const area = `area_${String(a).padStart(3, '0')}`;
    const schema = options.areas === false ? 'public' : area;
    const first = a * AREA_SIZE;
    entities.push({
      id: `${schema}.${area}_state`,
      kind: 'enum',
      schema,
      name: `${area}_state`,
      area,
      stub: false,
      junction: false,
      columns: [],
      values: ['draft', 'active', 'archived'],
    });
    if (first + 1 < tableCount) {
      const view = `${schema}.${area}_summary`;
      entities.push({
        id: view,
        kind: 'view',
        schema,
        name: `${area}_summary`,
        area,
        stub: false,
        junction: false,
        columns: [column('id', 'bigint'), column('total', 'numeric')],
      });
      for (const t of [first, first + 1])
        relationships.push({
          id: `${view}->${schema}.${tableName(t)}`,
          kind: 'view-dependency',
          from: view,
          to: `${schema}.${tableName(t)}`,
          fromColumns: [],
          toColumns: [],
        });
    }
  }
  return { title: 'overview', entities, relationships, notes: [] };
}

/**
 * The same schema as a Model, for benchmarks through `schemata erd`: one schema per area, tables with
 * their keys and subject area, the area's enum, and a view joining its first two tables.
 */
export function syntheticErdModel(tableCount: number): Model {
  const diagram = syntheticDiagram(tableCount);
  const schemas: Record<string, Schema> = {};
  const schemaOf = (schema: string): Schema => (schemas[schema] ??= { tables: {} });
  const split = (id: string) => {
    const dot = id.indexOf('.');
    return { schema: id.slice(0, dot), name: id.slice(dot + 1) };
  };
  for (const entity of diagram.entities) {
    const schema = schemaOf(entity.schema);
    if (entity.kind === 'enum') {
      schema.enums = { ...schema.enums, [entity.name]: { values: entity.values ?? [] } };
      continue;
    }
    if (entity.kind === 'view') {
      const sources = diagram.relationships.filter((r) => r.from === entity.id).map((r) => split(r.to).name);
      schema.views = {
        ...schema.views,
        [entity.name]: {
          ...(entity.area !== undefined && { subjectArea: entity.area }),
          definition: `SELECT a.id, count(b.id) AS total FROM ${entity.schema}.${sources[0]} a LEFT JOIN ${entity.schema}.${sources[1]} b ON b.id = a.id GROUP BY a.id`,
        },
      };
      continue;
    }
    const foreignKeys = diagram.relationships
      .filter((r) => r.from === entity.id && r.kind === 'foreign-key')
      .map((r) => ({
        columns: r.fromColumns,
        references: { schema: split(r.to).schema, table: split(r.to).name, columns: r.toColumns },
      }));
    schema.tables![entity.name] = {
      ...(entity.area !== undefined && { subjectArea: entity.area }),
      columns: entity.columns.map((c) => ({
        name: c.name,
        type: c.type,
        ...(c.notNull && { notNull: true }),
      })),
      primaryKey: { columns: entity.columns.filter((c) => c.primaryKey).map((c) => c.name) },
      ...(entity.columns.some((c) => c.unique) && {
        uniques: entity.columns.filter((c) => c.unique).map((c) => ({ columns: [c.name] })),
      }),
      ...(foreignKeys.length > 0 && { foreignKeys }),
    };
  }
  return { schemata: 1, schemas };
}
