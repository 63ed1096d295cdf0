// CREATE VIEW and CREATE MATERIALIZED VIEW. Materialized views are created empty and refreshed at the
// end of the script, as pg_dump does, so their queries run only once everything they call exists.
import type { MaterializedView, View } from '../../../model/model-schema.ts';
import { quoteQualified } from '../quote.ts';
import { renderStorageParameters } from './storage-parameters.ts';

/** A view's WITH options, security_barrier and security_invoker among them. */
export function viewOptions(view: View): Record<string, string | number | boolean> {
  const options: Record<string, string | number | boolean> = {};
  if (view.securityBarrier === true) options.security_barrier = true;
  if (view.securityInvoker === true) options.security_invoker = true;
  for (const [key, value] of Object.entries(view.with ?? {})) options[key] = value;
  return options;
}

export function renderCreateView(schema: string, name: string, view: View): string {
  const parameters = renderStorageParameters(viewOptions(view));
  const check =
    view.checkOption === undefined ? '' : `\n  WITH ${view.checkOption.toUpperCase()} CHECK OPTION`;
  return `CREATE VIEW ${quoteQualified(schema, name)}${parameters === '' ? '' : ` ${parameters}`} AS\n${view.definition.trim().replace(/;$/, '')}${check};`;
}

export function renderCreateMaterializedView(schema: string, name: string, view: MaterializedView): string {
  const parameters = renderStorageParameters(view.with);
  return `CREATE MATERIALIZED VIEW ${quoteQualified(schema, name)}${parameters === '' ? '' : ` ${parameters}`} AS\n${view.definition.trim().replace(/;$/, '')}\n  WITH NO DATA;`;
}

export function renderRefreshMaterializedView(
  schema: string,
  name: string,
  view: MaterializedView,
): string[] {
  return view.withNoData === true ? [] : [`REFRESH MATERIALIZED VIEW ${quoteQualified(schema, name)};`];
}
