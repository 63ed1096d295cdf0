// A partitioned table's key from pg_get_partkeydef (`RANGE (a, lower(b) COLLATE "C")`), read with the
// real PostgreSQL parser: its locations say where each key's text starts and ends.
import { parseSync } from '../sql-parser.ts';
import type { PartitionBy, PartitionKey } from '../../../model/model-schema.ts';
import { compact } from './compact.ts';

interface PartitionElemNode {
  name?: string;
  expr?: unknown;
  collation?: { String: { sval: string } }[];
  opclass?: { String: { sval: string } }[];
  location: number;
}

interface PartitionSpecNode {
  strategy: string;
  partParams: { PartitionElem: PartitionElemNode }[];
}

const STRATEGIES: Readonly<Record<string, PartitionBy['strategy']>> = {
  PARTITION_STRATEGY_RANGE: 'range',
  PARTITION_STRATEGY_LIST: 'list',
  PARTITION_STRATEGY_HASH: 'hash',
};

const PREFIX = 'CREATE TABLE t () PARTITION BY ';

function parseSpec(definition: string): PartitionSpecNode {
  const tree = parseSync(`${PREFIX}${definition}`) as {
    stmts: { stmt: { CreateStmt?: { partspec?: PartitionSpecNode } } }[];
  };
  const spec = tree.stmts[0]?.stmt.CreateStmt?.partspec;
  if (!spec) throw new Error(`"${definition}" is not a partition key`);
  return spec;
}

function nameOf(parts: readonly { String: { sval: string } }[] | undefined): string | undefined {
  return parts === undefined ? undefined : parts.map((part) => part.String.sval).join('.');
}

/** The key of a partitioned table; the SQL parser must be loaded (`loadSqlParser`). */
export function parsePartitionKey(definition: string): PartitionBy {
  const text = `${PREFIX}${definition}`;
  const spec = parseSpec(definition);
  const strategy = STRATEGIES[spec.strategy];
  if (strategy === undefined) throw new Error(`partition strategy ${spec.strategy} is not known`);
  const elements = spec.partParams.map((param) => param.PartitionElem);
  const end = text.lastIndexOf(')');
  const columns = elements.map((element, i): PartitionKey => {
    const collation = nameOf(element.collation);
    const opclass = nameOf(element.opclass);
    if (element.name !== undefined && collation === undefined && opclass === undefined) return element.name;
    if (element.name !== undefined) return compact({ column: element.name, collation, opclass });
    const next = elements[i + 1]?.location ?? end;
    const source = text.slice(element.location, next).trim().replace(/,$/, '').trim();
    return compact({ expression: expressionOf(source), collation, opclass });
  });
  return { strategy, columns };
}

/**
 * The expression at the start of `source` (`expr [COLLATE c] [opclass]`): the longest prefix that
 * ends in `)` and parses as one key with no collation or operator class. PostgreSQL prints an
 * expression key as a function call or in parentheses; the parentheses are dropped.
 */
function expressionOf(source: string): string {
  for (let end = source.lastIndexOf(')'); end > 0; end = source.lastIndexOf(')', end - 1)) {
    const candidate = source.slice(0, end + 1);
    let spec: PartitionSpecNode;
    try {
      spec = parseSpec(`RANGE (${candidate})`);
    } catch {
      continue;
    }
    const [only, ...rest] = spec.partParams;
    if (!only || rest.length > 0 || only.PartitionElem.collation || only.PartitionElem.opclass) continue;
    return candidate.startsWith('(') ? candidate.slice(1, -1) : candidate;
  }
  throw new Error(`partition key "${source}" has no expression`);
}
