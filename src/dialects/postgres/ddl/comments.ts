// COMMENT ON statements from the model's `description` fields.
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.ts';
import type { DomainEntry } from './domain-order.ts';
import { nameAt } from './resolved-names.ts';
import type { TableEntry } from './table.ts';

/** `COMMENT ON <target> IS '...';`, or nothing for an absent or empty description (no comment). */
export function renderComment(target: string, description: string | undefined): string[] {
  if (description === undefined || description === '') return [];
  return [`COMMENT ON ${target} IS ${quoteLiteral(description)};`];
}

/** The table's comment, then its columns', constraints' and indexes'. */
export function renderTableComments(entry: TableEntry): string[] {
  const { table, names } = entry;
  const qualified = quoteQualified(entry.schema, entry.name);
  const comments = renderComment(`TABLE ${qualified}`, table.description);
  // Most columns, constraints and indexes have no comment: their target is not even spelled out.
  const add = (description: string | undefined, target: () => string) => {
    if (description) comments.push(...renderComment(target(), description));
  };
  const onConstraint = (name: string) => `CONSTRAINT ${quoteIdent(name)} ON ${qualified}`;
  for (const column of table.columns)
    add(column.description, () => `COLUMN ${qualified}.${quoteIdent(column.name)}`);
  const primaryKeyName = names.primaryKey;
  if (table.primaryKey !== undefined && primaryKeyName !== undefined)
    add(table.primaryKey.description, () => onConstraint(primaryKeyName));
  const constraintLists = [
    [table.uniques, names.uniques],
    [table.checks, names.checks],
    [table.exclusions, names.exclusions],
    [table.foreignKeys, names.foreignKeys],
  ] as const;
  for (const [constraints, constraintNames] of constraintLists) {
    (constraints ?? []).forEach((constraint, i) => {
      add(constraint.description, () => onConstraint(nameAt(constraintNames, i)));
    });
  }
  (table.indexes ?? []).forEach((index, i) => {
    add(index.description, () => `INDEX ${quoteQualified(entry.schema, nameAt(names.indexes, i))}`);
  });
  return comments;
}

/** The domain's comment, then its checks'. */
export function renderDomainComments(entry: DomainEntry): string[] {
  const qualified = quoteQualified(entry.schema, entry.name);
  const comments = renderComment(`DOMAIN ${qualified}`, entry.domain.description);
  (entry.domain.checks ?? []).forEach((check, i) => {
    comments.push(
      ...renderComment(
        `CONSTRAINT ${quoteIdent(nameAt(entry.checkNames, i))} ON DOMAIN ${qualified}`,
        check.description,
      ),
    );
  });
  return comments;
}
