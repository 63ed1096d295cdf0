// CREATE DOMAIN with its default, NOT NULL and named checks.
import { quoteIdent, quoteQualified } from '../quote.ts';
import { readType } from './read-type.ts';
import { renderDefaultExpression } from './default-expression.ts';
import type { DomainEntry } from './domain-order.ts';
import { renderCollation } from './index-elements.ts';
import { nameAt } from './resolved-names.ts';

/** CREATE DOMAIN, then an ALTER DOMAIN for each NOT VALID check, which CREATE DOMAIN does not accept. */
export function renderDomain(entry: DomainEntry): string[] {
  const { schema, name, domain } = entry;
  const qualified = quoteQualified(schema, name);
  const type = readType(domain.type, () => `domain ${schema}.${name}`).canonical;
  const clauses: string[] = [];
  if (domain.collation !== undefined) clauses.push(`COLLATE ${renderCollation(domain.collation)}`);
  if (domain.default !== undefined) clauses.push(`DEFAULT ${renderDefaultExpression(domain.default)}`);
  if (domain.notNull === true) clauses.push('NOT NULL');
  const notValidChecks: string[] = [];
  (domain.checks ?? []).forEach((check, i) => {
    const clause = `CONSTRAINT ${quoteIdent(nameAt(entry.checkNames, i))} CHECK (${check.expression})`;
    if (check.notValid === true) notValidChecks.push(`ALTER DOMAIN ${qualified}\n  ADD ${clause} NOT VALID;`);
    else clauses.push(clause);
  });
  const create = [`CREATE DOMAIN ${qualified} AS ${type}`, ...clauses].join('\n  ');
  return [`${create};`, ...notValidChecks];
}
