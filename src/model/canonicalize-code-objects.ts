// The canonical form of views, routines, triggers, policies, rules and event triggers
// (docs/canonical-form.md): defaults left out, triggers, policies and rules sorted by name, trigger
// events in one order. canonicalize.ts calls these for each schema and table.
import type {
  Aggregate,
  EventTrigger,
  MaterializedView,
  Policy,
  Routine,
  RoutineArgument,
  Rule,
  Trigger,
  View,
} from './model-schema.ts';
import { compareKeys } from './model-path.ts';

type StorageParameters = NonNullable<View['with']>;

const TRIGGER_EVENTS: readonly Trigger['events'][number][] = ['insert', 'update', 'delete', 'truncate'];

function compact<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== undefined) result[key] = entry;
  return result as T;
}

function trueOrOmitted(value: boolean | undefined): true | undefined {
  return value === true ? true : undefined;
}

function nonEmpty<T>(list: readonly T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : [...list];
}

function byName<T extends { name: string }>(items: readonly T[] | undefined, canonical: (item: T) => T) {
  if (items === undefined || items.length === 0) return undefined;
  return [...items].sort((a, b) => compareKeys(a.name, b.name)).map(canonical);
}

/** A view or materialized view query without surrounding blanks or a trailing semicolon. */
export function canonicalViewDefinition(definition: string): string {
  return definition.trim().replace(/;$/, '').trimEnd();
}

function parametersOrOmitted(parameters: StorageParameters | undefined): StorageParameters | undefined {
  return parameters === undefined || Object.keys(parameters).length === 0 ? undefined : { ...parameters };
}

export function canonicalTrigger(trigger: Trigger): Trigger {
  return compact<Trigger>({
    ...trigger,
    events: TRIGGER_EVENTS.filter((event) => trigger.events.includes(event)),
    updateOf: nonEmpty(trigger.updateOf),
    forEach: trigger.forEach === 'statement' ? undefined : trigger.forEach,
    referencing:
      trigger.referencing && Object.keys(trigger.referencing).length > 0
        ? { ...trigger.referencing }
        : undefined,
    arguments: nonEmpty(trigger.arguments),
    constraint: trueOrOmitted(trigger.constraint),
    deferrable: trueOrOmitted(trigger.deferrable),
    initiallyDeferred: trueOrOmitted(trigger.initiallyDeferred),
    enabled: trigger.enabled === 'origin' ? undefined : trigger.enabled,
  });
}

export function canonicalPolicy(policy: Policy): Policy {
  const roles = policy.roles ?? [];
  return compact<Policy>({
    ...policy,
    restrictive: trueOrOmitted(policy.restrictive),
    command: policy.command === 'all' ? undefined : policy.command,
    roles: roles.length === 0 || (roles.length === 1 && roles[0] === 'public') ? undefined : [...roles],
  });
}

export function canonicalTriggers(triggers: readonly Trigger[] | undefined): Trigger[] | undefined {
  return byName(triggers, canonicalTrigger);
}

export function canonicalPolicies(policies: readonly Policy[] | undefined): Policy[] | undefined {
  return byName(policies, canonicalPolicy);
}

export function canonicalRules(rules: readonly Rule[] | undefined): Rule[] | undefined {
  return byName(rules, (rule) =>
    compact<Rule>({ ...rule, enabled: rule.enabled === 'origin' ? undefined : rule.enabled }),
  );
}

export function canonicalView(view: View): View {
  return compact<View>({
    ...view,
    definition: canonicalViewDefinition(view.definition),
    securityBarrier: trueOrOmitted(view.securityBarrier),
    securityInvoker: trueOrOmitted(view.securityInvoker),
    with: parametersOrOmitted(view.with),
    triggers: canonicalTriggers(view.triggers),
    rules: canonicalRules(view.rules),
  });
}

/** Indexes are canonicalised by the caller, which knows the naming templates. */
export function canonicalMaterializedView(view: MaterializedView): MaterializedView {
  return compact<MaterializedView>({
    ...view,
    definition: canonicalViewDefinition(view.definition),
    withNoData: trueOrOmitted(view.withNoData),
    with: parametersOrOmitted(view.with),
  });
}

function canonicalArgument(argument: RoutineArgument): RoutineArgument {
  return compact<RoutineArgument>({ ...argument, mode: argument.mode === 'in' ? undefined : argument.mode });
}

/** True when the routine returns a set, so its ROWS estimate defaults to 1000. */
export function returnsSet(returns: string | undefined): boolean {
  return returns !== undefined && /^(setof\s|table\s*\()/i.test(returns.trim());
}

/** PostgreSQL's default COST: 1 for C and internal functions, 100 for the others. */
export function defaultCost(language: string): number {
  return language === 'c' || language === 'internal' ? 1 : 100;
}

/** Parameters whose value is a list that SET takes unquoted (GUC_LIST_QUOTE), as PostgreSQL stores it. */
const LIST_PARAMETERS: ReadonlySet<string> = new Set([
  'search_path',
  'temp_tablespaces',
  'session_preload_libraries',
  'shared_preload_libraries',
  'local_preload_libraries',
]);

export function isListParameter(name: string): boolean {
  return LIST_PARAMETERS.has(name.toLowerCase());
}

/**
 * A routine's SET values as PostgreSQL stores them: it quotes each item of a list as an identifier,
 * so an empty list (`search_path = ''`, the usual one for SECURITY DEFINER) is stored as `""`.
 */
function canonicalSettings(settings: Readonly<Record<string, string>> | undefined) {
  if (settings === undefined || Object.keys(settings).length === 0) return undefined;
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings))
    result[name] = isListParameter(name) && value.trim() === '' ? '""' : value;
  return result;
}

export function canonicalRoutine(routine: Routine): Routine {
  return compact<Routine>({
    ...routine,
    arguments: nonEmpty(routine.arguments?.map(canonicalArgument)),
    volatility: routine.volatility === 'volatile' ? undefined : routine.volatility,
    strict: trueOrOmitted(routine.strict),
    window: trueOrOmitted(routine.window),
    securityDefiner: trueOrOmitted(routine.securityDefiner),
    leakproof: trueOrOmitted(routine.leakproof),
    parallel: routine.parallel === 'unsafe' ? undefined : routine.parallel,
    cost: routine.cost === defaultCost(routine.language) ? undefined : routine.cost,
    rows: routine.rows === (returnsSet(routine.returns) ? 1000 : 0) ? undefined : routine.rows,
    set: canonicalSettings(routine.set),
  });
}

export function canonicalAggregate(aggregate: Aggregate): Aggregate {
  return compact<Aggregate>({
    ...aggregate,
    arguments: nonEmpty(aggregate.arguments?.map(canonicalArgument)),
    orderBy: nonEmpty(aggregate.orderBy?.map(canonicalArgument)),
    hypothetical: trueOrOmitted(aggregate.hypothetical),
    sspace: aggregate.sspace === 0 ? undefined : aggregate.sspace,
    msspace: aggregate.msspace === 0 ? undefined : aggregate.msspace,
    finalfuncExtra: trueOrOmitted(aggregate.finalfuncExtra),
    mfinalfuncExtra: trueOrOmitted(aggregate.mfinalfuncExtra),
    parallel: aggregate.parallel === 'unsafe' ? undefined : aggregate.parallel,
  });
}

export function canonicalEventTrigger(trigger: EventTrigger): EventTrigger {
  return compact<EventTrigger>({
    ...trigger,
    tags: nonEmpty(trigger.tags),
    enabled: trigger.enabled === 'origin' ? undefined : trigger.enabled,
  });
}
