// Hand-written ER diagrams for the SVG tests (a shop with hostile names), and the geometry of boxes
// and edges read back from a rendered SVG's attributes.
import type {
  Diagram,
  DiagramColumn,
  DiagramEntity,
  DiagramRelationship,
} from '../../src/writers/erd/diagram.ts';

export const col = (name: string, type: string, flags: Partial<DiagramColumn> = {}): DiagramColumn => ({
  name,
  type,
  primaryKey: false,
  foreignKey: false,
  unique: false,
  notNull: false,
  ...flags,
});
export const table = (
  schema: string,
  name: string,
  columns: DiagramColumn[],
  extra: Partial<DiagramEntity> = {},
): DiagramEntity => ({
  id: `${schema}.${name}`,
  kind: 'table',
  schema,
  name,
  stub: false,
  junction: false,
  columns,
  ...extra,
});
export const fk = (
  from: string,
  fromColumn: string,
  to: string,
  toColumn: string,
  fromCardinality: DiagramRelationship['fromCardinality'] = 'zero-or-many',
  toCardinality: DiagramRelationship['toCardinality'] = 'exactly-one',
): DiagramRelationship => ({
  id: `${from}.${fromColumn}_fkey`,
  kind: 'foreign-key',
  from,
  to,
  fromColumns: [fromColumn],
  toColumns: [toColumn],
  name: `${fromColumn}_fkey`,
  fromCardinality: fromCardinality!,
  toCardinality: toCardinality!,
});

export const HOSTILE = 'Ordér "Items" <&> \'x\' 注文';
const LONG = 'a'.repeat(63);

/** A shop as people write it: customers, orders, a junction, an enum, a view, a partitioned table, a stub. */
export const shop: Diagram = {
  title: 'sales & <returns>',
  area: 'sales',
  notes: ['Tables of "billing" are drawn as stubs.'],
  entities: [
    table(
      'sales',
      'customers',
      [
        col('id', 'bigint', { primaryKey: true, notNull: true }),
        col('email', 'varchar(255)', { unique: true, notNull: true }),
        col('status', 'sales.customer_status', { notNull: true }),
        col('created_at', 'timestamptz', { notNull: true }),
      ],
      { description: 'People who buy; "VIP" ones <too>.' },
    ),
    table(
      'sales',
      'orders',
      [
        col('id', 'bigint', { primaryKey: true, notNull: true }),
        col('customer_id', 'bigint', { foreignKey: true, notNull: true }),
        col('total', 'numeric(12,2)', { notNull: true }),
        col('placed_at', 'timestamptz'),
      ],
      { partitions: ['orders_2024', 'orders_2025'] },
    ),
    table(
      'sales',
      HOSTILE,
      [
        col('order_id', 'bigint', { primaryKey: true, foreignKey: true, notNull: true }),
        col('product_id', 'bigint', { primaryKey: true, foreignKey: true, notNull: true }),
        col('select', 'integer', { notNull: true }),
      ],
      { junction: true },
    ),
    table('sales', 'products', [
      col('id', 'bigint', { primaryKey: true, notNull: true }),
      col(LONG, 'text'),
      col('parent_id', 'bigint', { foreignKey: true }),
    ]),
    table('billing', 'invoices', [], { stub: true, area: 'billing' }),
    table('sales', 'shipments', [
      col('id', 'bigint', { primaryKey: true, notNull: true }),
      col('order_id', 'bigint', { foreignKey: true, unique: true, notNull: true }),
      col('invoice_id', 'bigint', { foreignKey: true }),
    ]),
    {
      id: 'sales.customer_status',
      kind: 'enum',
      schema: 'sales',
      name: 'customer_status',
      stub: false,
      junction: false,
      columns: [],
      values: ['active', 'suspended', "o'neil & <co>"],
    },
    {
      id: 'sales.order_totals',
      kind: 'materialized-view',
      schema: 'sales',
      name: 'order_totals',
      stub: false,
      junction: false,
      columns: [col('customer_id', 'bigint'), col('total', 'numeric')],
    },
  ],
  relationships: [
    fk('sales.orders', 'customer_id', 'sales.customers', 'id'),
    fk(`sales.${HOSTILE}`, 'order_id', 'sales.orders', 'id', 'one-or-many'),
    fk(`sales.${HOSTILE}`, 'product_id', 'sales.products', 'id'),
    fk('sales.products', 'parent_id', 'sales.products', 'id', 'zero-or-many', 'zero-or-one'),
    fk('sales.shipments', 'order_id', 'sales.orders', 'id', 'zero-or-one'),
    fk('sales.shipments', 'invoice_id', 'billing.invoices', 'id', 'zero-or-many', 'zero-or-one'),
    {
      id: 'sales.customers->sales.customer_status',
      kind: 'enum-use',
      from: 'sales.customers',
      to: 'sales.customer_status',
      fromColumns: ['status'],
      toColumns: [],
    },
    {
      id: 'sales.order_totals->sales.orders',
      kind: 'view-dependency',
      from: 'sales.order_totals',
      to: 'sales.orders',
      fromColumns: [],
      toColumns: [],
    },
  ],
};

export interface SvgBox {
  entity: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const unescape = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]!,
  );

/** The boxes' geometry, read back from the attributes every entity group carries. */
export function readBoxes(svg: string): SvgBox[] {
  return [
    ...svg.matchAll(
      /data-entity="([^"]*)" data-x="([-\d.]+)" data-y="([-\d.]+)" data-w="([\d.]+)" data-h="([\d.]+)"/g,
    ),
  ].map((m) => ({
    entity: unescape(m[1]!),
    x: Number(m[2]),
    y: Number(m[3]),
    w: Number(m[4]),
    h: Number(m[5]),
  }));
}

export interface SvgEdge {
  from: string;
  to: string;
  routing: string;
  points: { x: number; y: number }[];
}

export function readEdges(svg: string): SvgEdge[] {
  return [
    ...svg.matchAll(
      /<path class="edge [^"]*" data-relationship="[^"]*" data-from="([^"]*)" data-to="([^"]*)" data-routing="(\w+)" d="([^"]*)"/g,
    ),
  ].map((m) => ({
    from: unescape(m[1]!),
    to: unescape(m[2]!),
    routing: m[3]!,
    points: [...m[4]!.matchAll(/[ML]([-\d.]+) ([-\d.]+)/g)].map((p) => ({
      x: Number(p[1]),
      y: Number(p[2]),
    })),
  }));
}
