// CREATE FUNCTION, CREATE PROCEDURE and CREATE AGGREGATE from the model's routines.
import type { Aggregate, Routine, RoutineArgument } from '../../../model/model-schema.ts';
import { defaultCost, isListParameter, returnsSet } from '../../../model/canonicalize-code-objects.ts';
import { quoteIdent, quoteLiteral, quoteQualified } from '../quote.ts';

export type RoutineKind = 'function' | 'procedure';

/** The argument types that identify a routine: IN, INOUT and VARIADIC, and OUT of a procedure. */
export function identityTypes(
  kind: RoutineKind,
  routineArguments: readonly RoutineArgument[] = [],
): string[] {
  return routineArguments
    .filter((argument) => argument.mode !== 'out' || kind === 'procedure')
    .map((argument) => argument.type);
}

/** The routine's name: its model key without the `(types)` suffix that its arguments give. */
export function routineName(key: string, types: readonly string[]): string | undefined {
  const suffix = `(${types.join(', ')})`;
  return key.endsWith(suffix) && key.length > suffix.length ? key.slice(0, -suffix.length) : undefined;
}

/** The key a routine has in the model: `name(integer, text)`. */
export function routineKey(name: string, types: readonly string[]): string {
  return `${name}(${types.join(', ')})`;
}

/** `schema.name(type, type)`, as COMMENT ON FUNCTION names it. */
export function routineSignature(schema: string, name: string, types: readonly string[]): string {
  return `${quoteQualified(schema, name)}(${types.join(', ')})`;
}

function renderArgument(argument: RoutineArgument): string {
  const parts: string[] = [];
  if (argument.mode !== undefined && argument.mode !== 'in') parts.push(argument.mode.toUpperCase());
  if (argument.name !== undefined) parts.push(quoteIdent(argument.name));
  parts.push(argument.type);
  if (argument.default !== undefined) parts.push(`DEFAULT ${argument.default}`);
  return parts.join(' ');
}

/** A dollar-quoted string whose tag does not occur in the text. */
export function dollarQuote(text: string): string {
  for (let n = 0; ; n++) {
    const tag = n === 0 ? '$_$' : `$_${n}$`;
    if (`${text}${tag}`.indexOf(tag) === text.length) return `${tag}${text}${tag}`;
  }
}

function renderSetting(name: string, value: string): string {
  const parameter = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/.test(name)
    ? name
    : quoteIdent(name);
  if (isListParameter(name)) {
    // Stored as `public, "My Schema"`: identifiers quoted as needed, which SET reads back the same.
    // An empty list is stored as `""`, which SET rejects as a zero-length identifier; '' gives it.
    return `SET ${parameter} TO ${value.trim() === '' || value.trim() === '""' ? "''" : value}`;
  }
  return `SET ${parameter} TO ${quoteLiteral(value)}`;
}

export function renderCreateRoutine(
  kind: RoutineKind,
  schema: string,
  name: string,
  routine: Routine,
): string {
  const head = `CREATE ${kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${quoteQualified(schema, name)}(${(
    routine.arguments ?? []
  )
    .map(renderArgument)
    .join(', ')})`;
  const lines = [head];
  if (kind === 'function' && routine.returns !== undefined) lines.push(`RETURNS ${routine.returns}`);
  lines.push(`LANGUAGE ${quoteIdent(routine.language)}`);
  const options: string[] = [];
  if (routine.window === true) options.push('WINDOW');
  if (routine.volatility !== undefined && routine.volatility !== 'volatile') {
    options.push(routine.volatility.toUpperCase());
  }
  if (routine.strict === true) options.push('STRICT');
  if (routine.securityDefiner === true) options.push('SECURITY DEFINER');
  if (routine.leakproof === true) options.push('LEAKPROOF');
  if (routine.parallel !== undefined && routine.parallel !== 'unsafe') {
    options.push(`PARALLEL ${routine.parallel.toUpperCase()}`);
  }
  if (routine.cost !== undefined && routine.cost !== defaultCost(routine.language)) {
    options.push(`COST ${routine.cost}`);
  }
  if (routine.rows !== undefined && routine.rows !== (returnsSet(routine.returns) ? 1000 : 0)) {
    options.push(`ROWS ${routine.rows}`);
  }
  if (options.length > 0) lines.push(options.join(' '));
  for (const [setting, value] of Object.entries(routine.set ?? {})) lines.push(renderSetting(setting, value));
  if (routine.sqlBody !== undefined) lines.push(routine.sqlBody);
  else if (routine.library !== undefined) {
    lines.push(`AS ${quoteLiteral(routine.library)}, ${quoteLiteral(routine.body ?? '')}`);
  } else lines.push(`AS ${dollarQuote(routine.body ?? '')}`);
  return `${lines.join('\n  ')};`;
}

/** The argument list of an aggregate: `integer`, `*`, or `text ORDER BY integer`. */
export function aggregateArguments(aggregate: Aggregate): string {
  const direct = (aggregate.arguments ?? []).map(renderArgument).join(', ');
  if (aggregate.orderBy !== undefined) {
    return `${direct}${direct === '' ? '' : ' '}ORDER BY ${aggregate.orderBy.map(renderArgument).join(', ')}`;
  }
  return direct === '' ? '*' : direct;
}

/** The aggregate's identity argument types, as its model key and COMMENT ON AGGREGATE spell them. */
export function aggregateIdentity(aggregate: Aggregate): string {
  const types = (list: readonly RoutineArgument[] | undefined) => (list ?? []).map((a) => a.type).join(', ');
  if (aggregate.orderBy !== undefined) {
    const direct = types(aggregate.arguments);
    return `${direct}${direct === '' ? '' : ' '}ORDER BY ${types(aggregate.orderBy)}`;
  }
  return aggregate.arguments === undefined || aggregate.arguments.length === 0
    ? '*'
    : types(aggregate.arguments);
}

export function renderCreateAggregate(schema: string, name: string, aggregate: Aggregate): string {
  const options: string[] = [`SFUNC = ${aggregate.sfunc}`, `STYPE = ${aggregate.stype}`];
  const add = (label: string, value: string | number | undefined) => {
    if (value !== undefined) options.push(`${label} = ${value}`);
  };
  add('SSPACE', aggregate.sspace);
  add('FINALFUNC', aggregate.finalfunc);
  if (aggregate.finalfuncExtra === true) options.push('FINALFUNC_EXTRA');
  add('FINALFUNC_MODIFY', aggregate.finalfuncModify?.toUpperCase());
  add('COMBINEFUNC', aggregate.combinefunc);
  add('SERIALFUNC', aggregate.serialfunc);
  add('DESERIALFUNC', aggregate.deserialfunc);
  add('INITCOND', aggregate.initcond === undefined ? undefined : quoteLiteral(aggregate.initcond));
  add('MSFUNC', aggregate.msfunc);
  add('MINVFUNC', aggregate.minvfunc);
  add('MSTYPE', aggregate.mstype);
  add('MSSPACE', aggregate.msspace);
  add('MFINALFUNC', aggregate.mfinalfunc);
  if (aggregate.mfinalfuncExtra === true) options.push('MFINALFUNC_EXTRA');
  add('MFINALFUNC_MODIFY', aggregate.mfinalfuncModify?.toUpperCase());
  add('MINITCOND', aggregate.minitcond === undefined ? undefined : quoteLiteral(aggregate.minitcond));
  add('SORTOP', aggregate.sortop);
  add('PARALLEL', aggregate.parallel?.toUpperCase());
  if (aggregate.hypothetical === true) options.push('HYPOTHETICAL');
  return `CREATE AGGREGATE ${quoteQualified(schema, name)}(${aggregateArguments(aggregate)}) (\n  ${options.join(',\n  ')}\n);`;
}
