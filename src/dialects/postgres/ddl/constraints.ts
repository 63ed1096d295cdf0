// Table constraint clauses, each with its explicit name: `CONSTRAINT name PRIMARY KEY (...)` and so on.
import type { Check, Exclusion, ForeignKey, PrimaryKey, Unique } from '../../../model/model-schema.ts';
import { quoteIdent, quoteQualified } from '../quote.ts';
import { renderExclusionElement } from './index-elements.ts';
import { renderStorageParameters } from './storage-parameters.ts';

/** `(a, b)`. */
export function renderColumnList(columns: readonly string[]): string {
  return `(${columns.map(quoteIdent).join(', ')})`;
}

/** ` INCLUDE (a, b)`, or nothing. */
export function renderInclude(include: readonly string[] | undefined): string {
  return include !== undefined && include.length > 0 ? ` INCLUDE ${renderColumnList(include)}` : '';
}

/** INITIALLY DEFERRED implies DEFERRABLE; PostgreSQL rejects the one without the other. */
export function renderDeferrable(constraint: {
  deferrable?: boolean | undefined;
  initiallyDeferred?: boolean | undefined;
}): string {
  if (constraint.initiallyDeferred === true) return ' DEFERRABLE INITIALLY DEFERRED';
  return constraint.deferrable === true ? ' DEFERRABLE' : '';
}

export function renderPrimaryKey(name: string, primaryKey: PrimaryKey): string {
  return (
    `CONSTRAINT ${quoteIdent(name)} PRIMARY KEY ${renderColumnList(primaryKey.columns)}` +
    renderInclude(primaryKey.include) +
    renderDeferrable(primaryKey)
  );
}

export function renderUnique(name: string, unique: Unique): string {
  const nulls = unique.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : '';
  return (
    `CONSTRAINT ${quoteIdent(name)} UNIQUE${nulls} ${renderColumnList(unique.columns)}` +
    renderInclude(unique.include) +
    renderDeferrable(unique)
  );
}

/** The check without NOT VALID, which CREATE TABLE would ignore; see the table's ALTER TABLE. */
export function renderCheck(name: string, check: Check): string {
  const noInherit = check.noInherit === true ? ' NO INHERIT' : '';
  return `CONSTRAINT ${quoteIdent(name)} CHECK (${check.expression})${noInherit}`;
}

export function renderExclusion(name: string, exclusion: Exclusion): string {
  let text = `CONSTRAINT ${quoteIdent(name)} EXCLUDE`;
  if (exclusion.using !== undefined) text += ` USING ${exclusion.using}`;
  text += ` (${exclusion.elements.map(renderExclusionElement).join(', ')})`;
  text += renderInclude(exclusion.include);
  const parameters = renderStorageParameters(exclusion.with);
  if (parameters !== '') text += ` ${parameters}`;
  if (exclusion.where !== undefined) text += ` WHERE (${exclusion.where})`;
  return text + renderDeferrable(exclusion);
}

const REFERENTIAL_ACTIONS = {
  'no action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set null': 'SET NULL',
  'set default': 'SET DEFAULT',
} as const satisfies Record<NonNullable<ForeignKey['onDelete']>, string>;

/** The foreign key clause; `references.schema` defaults to the referencing table's schema. */
export function renderForeignKey(name: string, tableSchema: string, foreignKey: ForeignKey): string {
  const target = quoteQualified(foreignKey.references.schema ?? tableSchema, foreignKey.references.table);
  let text =
    `CONSTRAINT ${quoteIdent(name)} FOREIGN KEY ${renderColumnList(foreignKey.columns)}` +
    ` REFERENCES ${target} ${renderColumnList(foreignKey.references.columns)}`;
  if (foreignKey.match === 'full') text += ' MATCH FULL';
  if (foreignKey.onUpdate !== undefined && foreignKey.onUpdate !== 'no action') {
    text += ` ON UPDATE ${REFERENTIAL_ACTIONS[foreignKey.onUpdate]}`;
  }
  if (foreignKey.onDelete !== undefined && foreignKey.onDelete !== 'no action') {
    text += ` ON DELETE ${REFERENTIAL_ACTIONS[foreignKey.onDelete]}`;
    if (foreignKey.onDeleteColumns !== undefined) text += ` ${renderColumnList(foreignKey.onDeleteColumns)}`;
  }
  text += renderDeferrable(foreignKey);
  return foreignKey.notValid === true ? `${text} NOT VALID` : text;
}
