// Names and options of the objects the patterns produce, shared by expansion and folding.
import type { Column, TablePatterns } from '../model-schema.ts';

export const TIMESTAMPS_FUNCTION = 'maintain_timestamps';
export const AUDIT_LOG_TABLE = 'audit_log';
export const AUDIT_LOG_FUNCTION = 'audit_log_changes';

export const timestampsTriggerName = (table: string) => `${table}_timestamps`;
export const auditTriggerName = (table: string) => `${table}_audit`;
export const auditTableName = (table: string) => `${table}_audit`;
export const perTableAuditFunction = (table: string) => `${table}_audit_changes`;
export const liveViewName = (table: string) => `${table}_live`;

export interface TimestampsOptions {
  version?: boolean | undefined;
  createdBy?: boolean | undefined;
  actorSetting?: string | undefined;
}

export function timestampsOptions(patterns: TablePatterns): TimestampsOptions | undefined {
  const option = patterns.timestamps;
  if (option === undefined) return undefined;
  return option === true ? {} : option;
}

export function softDeleteOptions(patterns: TablePatterns, table: string): { view: string } | undefined {
  const option = patterns.softDelete;
  if (option === undefined) return undefined;
  return { view: (option === true ? undefined : option.view) ?? liveViewName(table) };
}

export function auditOptions(
  patterns: TablePatterns,
): { table?: 'shared' | 'per-table' | undefined; actorSetting?: string | undefined } | undefined {
  const option = patterns.audit;
  if (option === undefined) return undefined;
  return option === true ? {} : option;
}

const TIMESTAMP = 'timestamp with time zone';

/** The columns of an audit table: one row per changed row. */
export function auditColumns(perTable: boolean): Column[] {
  return [
    { name: 'id', type: 'bigint', notNull: true, identity: { generation: 'always' } },
    ...(perTable
      ? []
      : [
          { name: 'table_schema', type: 'text', notNull: true },
          { name: 'table_name', type: 'text', notNull: true },
        ]),
    { name: 'operation', type: 'text', notNull: true },
    { name: 'old_values', type: 'jsonb' },
    { name: 'new_values', type: 'jsonb' },
    { name: 'changed_by', type: 'text', notNull: true },
    { name: 'changed_at', type: TIMESTAMP, notNull: true, default: 'now()' },
  ];
}
