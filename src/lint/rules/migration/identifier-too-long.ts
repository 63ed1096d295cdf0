// Identifiers longer than 63 bytes, which PostgreSQL truncates.
import { scanSync } from '../../../dialects/postgres/sql-parser.ts';
import { identifierBytes, MAX_IDENTIFIER_BYTES } from '../../../dialects/postgres/quote.ts';
import type { MigrationRule } from '../../rule.ts';
import { at } from '../../sql/statement-shapes.ts';

/** A run of identifier characters, or a quoted identifier, that may be too long (checked exactly after). */
const CANDIDATE = /"(?:[^"]|"")+"|[\p{L}_][\p{L}\p{N}_$]*/gu;

export const identifierTooLong: MigrationRule = {
  kind: 'migration',
  code: 'identifier-too-long',
  category: 'migration',
  severity: 'warning',
  summary: 'Keep identifiers within 63 bytes.',
  rationale:
    'PostgreSQL cuts identifiers longer than 63 bytes down to 63 with only a NOTICE, so the object gets another name than the one written: two long names can collide, and later statements or code using the full name do not find it.',
  fix: 'Choose a name of at most 63 bytes (UTF-8: fewer characters when they are not ASCII).',
  examples: {
    bad: 'CREATE TABLE customer_subscription_renewal_notification_delivery_attempts_log (id bigint);',
    good: 'CREATE TABLE subscription_renewal_notice_attempts (id bigint);',
  },
  related: ['squawk: identifier-too-long'],
  check(context) {
    for (const statement of context.statements) {
      let suspect = false;
      for (const match of statement.sql.matchAll(CANDIDATE))
        if (Buffer.byteLength(match[0], 'utf8') > MAX_IDENTIFIER_BYTES) suspect = true;
      if (!suspect) continue;
      const bytes = Buffer.from(statement.sql, 'utf8');
      const seen = new Set<string>();
      for (const token of scanSync(statement.sql).tokens) {
        if (token.tokenName !== 'IDENT') continue;
        const raw = bytes.subarray(token.start, token.end).toString('utf8');
        const name = raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw.toLowerCase();
        if (identifierBytes(name) <= MAX_IDENTIFIER_BYTES || seen.has(name)) continue;
        seen.add(name);
        context.report({
          statement,
          message: `identifier ${name} is ${identifierBytes(name)} bytes; PostgreSQL truncates it to 63`,
          object: name,
          location: at(statement, statement.offset + token.start),
        });
      }
    }
  },
};
