// Owner and privilege statements for one object: its owner first (the owner's default privileges move
// with it), then grants that go away are revoked, revoked defaults that come back are granted, new
// revokes and new grants last. An object created (or created again) starts from the default
// privileges in force when it is created.
import type { Grant, Revoke } from '../../../../model/model-schema.ts';
import type { AccessChange, AccessProperties } from '../../../../diff/changes.ts';
import { grantedPrivileges, renderGrant, renderRevoke, roleSql } from '../../ddl/access.ts';
import { quoteIdent } from '../../quote.ts';
import { describe } from '../describe-change.ts';
import { Phase } from '../phases.ts';
import type { Emit } from './plan-code-objects.ts';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function missingFrom<T>(list: readonly T[] | undefined, other: readonly T[] | undefined): T[] {
  return (list ?? []).filter((item) => !(other ?? []).some((o) => same(o, item)));
}

function renderRevokeGrant(target: string, grant: Grant, prefix = ''): string {
  return `${prefix}REVOKE ${grantedPrivileges(grant)} ON ${target} FROM ${roleSql(grant.role)};`;
}

function renderRestore(target: string, revoke: Revoke, prefix = ''): string {
  return renderGrant(target, { role: revoke.role, privileges: revoke.privileges }, prefix);
}

export function planAccess(change: AccessChange, emit: Emit): void {
  const { alter, grant, prefix } = change.target;
  // An object that goes takes its privileges with it; default privileges that go are taken back.
  const to = change.after ?? (prefix === undefined ? undefined : {});
  if (to === undefined) return;
  const from: AccessProperties =
    change.before === undefined || change.recreated ? (change.initial ?? {}) : change.before;
  const what = describe(change);
  if (from.owner !== to.owner) {
    emit(
      Phase.Access,
      `ALTER ${alter} OWNER TO ${to.owner === undefined ? 'CURRENT_USER' : quoteIdent(to.owner)};`,
      what,
      { backwardIncompatible: true },
    );
  }
  const removed = { backwardIncompatible: true };
  // Default privileges are taken away first, before the schema they are in can go, and given last,
  // after the objects the plan creates, which carry privileges of their own.
  const takeAway = prefix === undefined ? Phase.Access : Phase.DropCode;
  for (const g of missingFrom(from.grants, to.grants))
    emit(takeAway, renderRevokeGrant(grant, g, prefix), what, removed);
  for (const r of missingFrom(from.revokes, to.revokes))
    emit(Phase.Access, renderRestore(grant, r, prefix), what);
  for (const r of missingFrom(to.revokes, from.revokes))
    emit(takeAway, renderRevoke(grant, r, prefix), what, removed);
  for (const g of missingFrom(to.grants, from.grants))
    emit(Phase.Access, renderGrant(grant, g, prefix), what);
}
