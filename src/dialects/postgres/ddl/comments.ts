// COMMENT ON statements from the model's `description` fields.
import type { Column } from '../../../model/model-schema.ts';
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
  const comments: string[] = [];
  // Most columns, constraints and indexes have no comment: their target is spelled out only for one.
  const add = (target: string, description: string | undefined) => {
    if (description) comments.push(`COMMENT ON ${target} IS ${quoteLiteral(description)};`);
  };
  add(`TABLE ${qualified}`, table.description);
  const columns = table.columns;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as Column;
    if (column.description) add(`COLUMN ${qualified}.${quoteIdent(column.name)}`, column.description);
  }
  const onConstraint = (name: string) => `CONSTRAINT ${quoteIdent(name)} ON ${qualified}`;
  if (table.primaryKey?.description && names.primaryKey !== undefined)
    add(onConstraint(names.primaryKey), table.primaryKey.description);
  const addConstraints = (
    constraints: readonly { description?: string | undefined }[] | undefined,
    constraintNames: readonly string[],
  ) => {
    if (constraints === undefined) return;
    for (let i = 0; i < constraints.length; i++) {
      const description = constraints[i]?.description;
      if (description) add(onConstraint(nameAt(constraintNames, i)), description);
    }
  };
  addConstraints(table.uniques, names.uniques);
  addConstraints(table.checks, names.checks);
  addConstraints(table.exclusions, names.exclusions);
  addConstraints(table.foreignKeys, names.foreignKeys);
  const indexes = table.indexes ?? [];
  for (let i = 0; i < indexes.length; i++) {
    const description = indexes[i]?.description;
    if (description) add(`INDEX ${quoteQualified(entry.schema, nameAt(names.indexes, i))}`, description);
  }
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
