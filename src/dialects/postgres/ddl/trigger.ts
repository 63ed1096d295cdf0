// CREATE TRIGGER with its enabled state, row-level security with its policies, rules, and event
// triggers. They come after every table, view and function, so whatever they call exists.
import type { EventTrigger, Policy, Rule, Table, Trigger } from '../../../model/model-schema.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.ts';

const ENABLE_CLAUSES: Readonly<Record<NonNullable<Trigger['enabled']>, string | undefined>> = {
  origin: undefined,
  replica: 'ENABLE REPLICA',
  always: 'ENABLE ALWAYS',
  disabled: 'DISABLE',
};

const EVENT_ORDER: readonly Trigger['events'][number][] = ['insert', 'update', 'delete', 'truncate'];

export function renderCreateTrigger(schema: string, relation: string, trigger: Trigger): string[] {
  const events = EVENT_ORDER.filter((event) => trigger.events.includes(event)).map((event) =>
    event === 'update' && trigger.updateOf !== undefined && trigger.updateOf.length > 0
      ? `UPDATE OF ${trigger.updateOf.map(quoteIdent).join(', ')}`
      : event.toUpperCase(),
  );
  const qualified = quoteQualified(schema, relation);
  const lines = [
    `CREATE ${trigger.constraint === true ? 'CONSTRAINT ' : ''}TRIGGER ${quoteIdent(trigger.name)} ${trigger.timing.toUpperCase()} ${events.join(' OR ')} ON ${qualified}`,
  ];
  if (trigger.constraint === true) {
    if (trigger.from !== undefined) lines.push(`FROM ${trigger.from}`);
    if (trigger.deferrable === true) lines.push('DEFERRABLE');
    if (trigger.initiallyDeferred === true) lines.push('INITIALLY DEFERRED');
  }
  const { oldTable, newTable } = trigger.referencing ?? {};
  if (oldTable !== undefined || newTable !== undefined) {
    const transitions: string[] = [];
    if (oldTable !== undefined) transitions.push(`OLD TABLE AS ${quoteIdent(oldTable)}`);
    if (newTable !== undefined) transitions.push(`NEW TABLE AS ${quoteIdent(newTable)}`);
    lines.push(`REFERENCING ${transitions.join(' ')}`);
  }
  lines.push(`FOR EACH ${trigger.forEach === 'row' ? 'ROW' : 'STATEMENT'}`);
  if (trigger.when !== undefined) lines.push(`WHEN (${trigger.when})`);
  lines.push(
    `EXECUTE FUNCTION ${trigger.function}(${(trigger.arguments ?? []).map(quoteLiteral).join(', ')})`,
  );
  const statements = [`${lines.join('\n  ')};`];
  const enable = ENABLE_CLAUSES[trigger.enabled ?? 'origin'];
  if (enable !== undefined) {
    statements.push(`ALTER TABLE ${qualified} ${enable} TRIGGER ${quoteIdent(trigger.name)};`);
  }
  return statements;
}

function renderRole(role: string): string {
  return role === 'public' ? 'PUBLIC' : quoteIdent(role);
}

export function renderCreatePolicy(schema: string, table: string, policy: Policy): string {
  const lines = [`CREATE POLICY ${quoteIdent(policy.name)} ON ${quoteQualified(schema, table)}`];
  if (policy.restrictive === true) lines.push('AS RESTRICTIVE');
  if (policy.command !== undefined && policy.command !== 'all')
    lines.push(`FOR ${policy.command.toUpperCase()}`);
  if (policy.roles !== undefined && policy.roles.length > 0)
    lines.push(`TO ${policy.roles.map(renderRole).join(', ')}`);
  if (policy.using !== undefined) lines.push(`USING (${policy.using})`);
  if (policy.withCheck !== undefined) lines.push(`WITH CHECK (${policy.withCheck})`);
  return `${lines.join('\n  ')};`;
}

/** ENABLE and FORCE ROW LEVEL SECURITY, then the policies. */
export function renderRowSecurity(schema: string, name: string, table: Table): string[] {
  const statements: string[] = [];
  if (table.rowSecurity !== true && table.forceRowSecurity !== true && table.policies === undefined)
    return statements;
  const qualified = quoteQualified(schema, name);
  if (table.rowSecurity === true) statements.push(`ALTER TABLE ${qualified} ENABLE ROW LEVEL SECURITY;`);
  if (table.forceRowSecurity === true) statements.push(`ALTER TABLE ${qualified} FORCE ROW LEVEL SECURITY;`);
  for (const policy of table.policies ?? []) statements.push(renderCreatePolicy(schema, name, policy));
  return statements;
}

export function renderRule(schema: string, relation: string, rule: Rule): string[] {
  const text = rule.definition.trim();
  const statements = [text.endsWith(';') ? text : `${text};`];
  const enable = ENABLE_CLAUSES[rule.enabled ?? 'origin'];
  // ALTER TABLE reaches a view's rules too, as pg_dump writes it.
  if (enable !== undefined)
    statements.push(
      `ALTER TABLE ${quoteQualified(schema, relation)} ${enable} RULE ${quoteIdent(rule.name)};`,
    );
  return statements;
}

export function renderCreateEventTrigger(name: string, trigger: EventTrigger): string[] {
  const lines = [`CREATE EVENT TRIGGER ${quoteIdent(name)} ON ${trigger.event}`];
  if (trigger.tags !== undefined && trigger.tags.length > 0) {
    lines.push(`WHEN TAG IN (${trigger.tags.map(quoteLiteral).join(', ')})`);
  }
  lines.push(`EXECUTE FUNCTION ${trigger.function}()`);
  const statements = [`${lines.join('\n  ')};`];
  const enable = ENABLE_CLAUSES[trigger.enabled ?? 'origin'];
  if (enable !== undefined) statements.push(`ALTER EVENT TRIGGER ${quoteIdent(name)} ${enable};`);
  if (trigger.owner !== undefined)
    statements.push(`ALTER EVENT TRIGGER ${quoteIdent(name)} OWNER TO ${quoteIdent(trigger.owner)};`);
  return statements;
}

/** The statement that creates a trigger, policy or rule of a table or view (all of it for triggers). */
export function renderRelationMember(
  kind: 'trigger' | 'policy' | 'rule',
  schema: string,
  relation: string,
  member: Trigger | Policy | Rule,
): string {
  if (kind === 'trigger') return renderCreateTrigger(schema, relation, member as Trigger).join('\n');
  if (kind === 'policy') return renderCreatePolicy(schema, relation, member as Policy);
  return renderRule(schema, relation, member as Rule).join('\n');
}
