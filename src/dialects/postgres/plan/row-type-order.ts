// A domain over a table's row type (CREATE DOMAIN d AS some_table) needs that table, and a table may
// have a column of such a domain. The phases put every domain before the tables and drop it after
// them, so when a plan creates or drops such a domain together with its table, the domain joins the
// tables' phase and that phase is put in dependency order, change by change.
import type { Domain } from '../../../model/model-schema.ts';
import { readType } from '../ddl/read-type.ts';
import { orderByDependencies, type OrderedItem } from '../ddl/object-order.ts';
import type { PlannedStatement } from './planned-statement.ts';

/** `schema\0name` of the table a domain's type is the row type of, when the plan makes or drops it. */
export function rowTypeTable(
  domain: Domain,
  tables: ReadonlySet<string>,
  object: () => string,
): string | undefined {
  const type = readType(domain.type, object);
  if (type.builtin) return undefined;
  const table = `${type.schema ?? 'public'}\0${type.name}`;
  return tables.has(table) ? table : undefined;
}

/**
 * The statements of one phase grouped by the change they belong to, the groups in dependency order
 * (`order` says what each change provides and uses); ties keep their order. With `usersFirst`, a
 * change comes before those it uses: the order for drops.
 */
export function orderByChange(
  statements: readonly PlannedStatement[],
  order: ReadonlyMap<string, OrderedItem>,
  usersFirst: boolean,
): PlannedStatement[] {
  const groups = new Map<string, PlannedStatement[]>();
  for (const s of statements) {
    const group = groups.get(s.change);
    if (group) group.push(s);
    else groups.set(s.change, [s]);
  }
  const none: OrderedItem = { provides: [], dependsOn: new Set() };
  let items = [...groups].map(([change, group]) => ({ ...(order.get(change) ?? none), group }));
  if (usersFirst) items = items.map((item, i) => ({ ...item, ...usedBy(items, i) }));
  return orderByDependencies(items).flatMap((item) => item.group);
}

/** The dependencies turned round: item i provides `#i` and waits for the items that use it. */
function usedBy(items: readonly OrderedItem[], i: number): OrderedItem {
  const provides = items[i]?.provides ?? [];
  const users = items.flatMap((item, j) =>
    j !== i && provides.some((name) => item.dependsOn.has(name)) ? [`#${j}`] : [],
  );
  return { provides: [`#${i}`], dependsOn: new Set(users) };
}
