// The documentation as a static site that works opened from disk: an index of schemas, areas and
// tables; a page per table, view, routine and type; the ER diagram of each area with pan and zoom; search
// over tables, columns and descriptions. Data the scripts need is inlined in .js files loaded with
// <script src> (file:// pages cannot fetch JSON). Every name and text of the model is escaped.
import type { Grant, Policy, Revoke, Trigger } from '../../../model/model-schema.ts';
import type {
  AreaDoc,
  DocsCatalog,
  DocsFinding,
  IndexDoc,
  PageRef,
  PatternDoc,
  RelationDoc,
  RoutineDoc,
  SchemaDoc,
  TableDoc,
  TypeDoc,
  ViewDoc,
} from '../docs-catalog.ts';
import type { DocsDiagram } from '../docs-diagrams.ts';
import { code, el, esc, htmlTable, link, scriptJson } from './html-text.ts';
import { SITE_JS, STYLE_CSS } from './site-assets.ts';

export interface HtmlSiteOptions {
  /** `docs --serve`: every page loads the live-reload client from the server. */
  liveReload?: boolean;
  /** MiniSearch's browser build, copied into the site. */
  miniSearch: string;
}

export const LIVE_RELOAD_PATH = '/__schemata/live-reload.js';
export const OVERVIEW_PAGE = 'overview.html';

interface PageContext {
  catalog: DocsCatalog;
  options: HtmlSiteOptions;
  /** `../` for pages one directory down, `` for the root. */
  root: string;
}

/** File path (with `/`) -> content. */
export function renderHtmlDocs(
  catalog: DocsCatalog,
  diagrams: readonly DocsDiagram[],
  options: HtmlSiteOptions,
): Map<string, string> {
  const files = new Map<string, string>();
  const top: PageContext = { catalog, options, root: '' };
  const down: PageContext = { ...top, root: '../' };
  const overview = diagrams.find((d) => d.area === undefined && d.svg !== undefined);
  files.set('index.html', renderIndex(top, overview !== undefined));
  if (overview) files.set(OVERVIEW_PAGE, renderDiagramPage(top, overview, 'Overview'));
  for (const area of catalog.areas)
    files.set(
      area.page.href,
      renderAreaPage(
        down,
        area,
        diagrams.find((d) => d.area === area.name),
      ),
    );
  for (const table of catalog.tables) files.set(table.page.href, renderTablePage(down, table));
  for (const view of catalog.views) files.set(view.page.href, renderViewPage(down, view));
  for (const schema of catalog.schemas) {
    for (const routine of schema.routines) files.set(routine.page.href, renderRoutinePage(down, routine));
    for (const type of schema.types) files.set(type.page.href, renderTypePage(down, type));
  }
  files.set('assets/style.css', STYLE_CSS);
  files.set('assets/site.js', SITE_JS);
  files.set('assets/minisearch.js', options.miniSearch);
  files.set('assets/search-data.js', `window.SCHEMATA_SEARCH = ${jsonData(searchDocuments(catalog))};\n`);
  files.set('assets/pages.js', `window.SCHEMATA_PAGES = ${jsonData(pageMap(catalog))};\n`);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function layout(context: PageContext, title: string, body: string): string {
  const { root, catalog, options } = context;
  const script = (src: string) => `<script src="${esc(src)}"></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${esc(catalog.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${root}assets/style.css">
</head>
<body data-root="${root}">
<header class="site">
<a class="title" href="${root}index.html">${esc(catalog.title)}</a>
<div class="search"><input id="search" type="search" placeholder="Search tables, columns, descriptions" autocomplete="off" aria-label="Search"><ul id="search-results" hidden></ul></div>
</header>
<main>
${body}
</main>
${script(`${root}assets/minisearch.js`)}
${script(`${root}assets/search-data.js`)}
${script(`${root}assets/pages.js`)}
${script(`${root}assets/site.js`)}
${options.liveReload === true ? script(LIVE_RELOAD_PATH) : ''}
</body>
</html>
`;
}

function pageLink(context: PageContext, page: PageRef | undefined, text: string): string {
  return page ? link(context.root + page.href, text) : esc(text);
}

function tableLink(context: PageContext, key: string): string {
  const { pages } = context.catalog;
  return pageLink(context, pages.get(`table:${key}`) ?? pages.get(`view:${key}`), key);
}

function section(title: string, body: string, id?: string): string {
  return `<section${id !== undefined ? ` id="${esc(id)}"` : ''}>\n<h2>${esc(title)}</h2>\n${body}\n</section>`;
}

function paragraph(text: string | undefined): string {
  return text === undefined ? '' : `<p>${esc(text).replace(/\n/g, '<br>')}</p>`;
}

function metadataList(entries: [string, string | undefined][]): string {
  const shown = entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (shown.length === 0) return '';
  return `<dl class="meta">${shown.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function sensitivityBadge(value: string | undefined): string {
  return value === undefined ? '' : el('span', { class: `badge ${value}` }, esc(value));
}

function groupDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function renderIndex(context: PageContext, hasOverview: boolean): string {
  const { catalog } = context;
  const parts = [`<h1>${esc(catalog.title)}</h1>`, paragraph(catalog.description)];
  const count = (n: number, one: string, many: string) => `${groupDigits(n)} ${n === 1 ? one : many}`;
  const counts = [
    count(catalog.tables.length, 'table', 'tables'),
    count(catalog.views.length, 'view', 'views'),
    count(
      catalog.schemas.reduce((n, s) => n + s.routines.length, 0),
      'routine',
      'routines',
    ),
    count(
      catalog.schemas.reduce((n, s) => n + s.types.length, 0),
      'type',
      'types',
    ),
  ].join(', ');
  parts.push(`<p class="muted">${esc(counts)}</p>`);
  if (hasOverview) parts.push(`<p>${link(OVERVIEW_PAGE, 'ER diagram of the whole model')}</p>`);
  if (catalog.areas.length > 0)
    parts.push(
      section(
        'Subject areas',
        `<ul>${catalog.areas.map((a) => `<li>${pageLink(context, a.page, a.name)} <span class="muted">(${a.tables.length} ${a.tables.length === 1 ? 'table' : 'tables'})</span></li>`).join('')}</ul>`,
        'areas',
      ),
    );
  for (const schema of catalog.schemas) parts.push(renderSchemaSection(context, schema));
  if (catalog.otherFindings.length > 0)
    parts.push(section('Other lint findings', renderFindings(catalog.otherFindings)));
  return layout(context, 'Index', parts.join('\n'));
}

function renderSchemaSection(context: PageContext, schema: SchemaDoc): string {
  const parts = [paragraph(schema.description)];
  if (schema.tables.length > 0)
    parts.push(
      '<h3>Tables</h3>',
      htmlTable(
        ['Table', 'Area', 'Rows', 'Description'],
        schema.tables.map((t) => [
          pageLink(context, t.page, t.name),
          esc(t.area ?? ''),
          t.table.volume?.rows !== undefined ? esc(groupDigits(t.table.volume.rows)) : '',
          esc(t.table.description?.split('\n')[0] ?? ''),
        ]),
      ),
    );
  if (schema.views.length > 0)
    parts.push(
      '<h3>Views</h3>',
      `<ul>${schema.views.map((v) => `<li>${pageLink(context, v.page, v.name)} <span class="muted">${esc(v.kind === 'view' ? 'view' : 'materialized view')}</span></li>`).join('')}</ul>`,
    );
  if (schema.routines.length > 0)
    parts.push(
      '<h3>Functions and procedures</h3>',
      `<ul>${schema.routines.map((r) => `<li>${pageLink(context, r.page, r.name)}</li>`).join('')}</ul>`,
    );
  if (schema.types.length > 0)
    parts.push(
      '<h3>Types</h3>',
      `<ul>${schema.types.map((t) => `<li>${pageLink(context, t.page, t.name)} <span class="muted">${esc(t.kind)}</span></li>`).join('')}</ul>`,
    );
  return section(`Schema ${schema.name}`, parts.join('\n'), `schema-${schema.name}`);
}

function diagramViewport(diagram: DocsDiagram): string {
  return `<div class="diagram-viewport" role="img" aria-label="${esc(`ER diagram: ${diagram.title}`)}">
<div class="diagram-controls"><button type="button" data-zoom="in" title="Zoom in">+</button><button type="button" data-zoom="out" title="Zoom out">−</button><button type="button" data-zoom="fit" title="Fit">fit</button></div>
<div class="diagram-canvas">${diagram.svg ?? ''}</div>
</div>
${diagram.notes.map((n) => `<p class="muted">${esc(n)}</p>`).join('\n')}`;
}

function renderDiagramPage(context: PageContext, diagram: DocsDiagram, title: string): string {
  return layout(
    context,
    title,
    `<h1>${esc(title)}</h1>\n<p class="muted">Scroll to zoom, drag to pan, click a table to open its page.</p>\n${diagramViewport(diagram)}`,
  );
}

function renderAreaPage(context: PageContext, area: AreaDoc, diagram: DocsDiagram | undefined): string {
  const parts = [`<h1>Subject area ${esc(area.name)}</h1>`];
  if (diagram?.svg !== undefined) parts.push(diagramViewport(diagram));
  parts.push(
    section(
      'Tables',
      htmlTable(
        ['Table', 'Description'],
        area.tables.map((t) => [
          pageLink(context, t.page, t.key),
          esc(t.table.description?.split('\n')[0] ?? ''),
        ]),
      ),
    ),
  );
  return layout(context, `Area ${area.name}`, parts.join('\n'));
}

function relationRow(context: PageContext, relation: RelationDoc, other: string): string[] {
  return [
    tableLink(context, other),
    code(`(${relation.fromColumns.join(', ')}) → (${relation.toColumns.join(', ')})`),
    code(relation.name),
    esc(
      [
        relation.onDelete && `on delete ${relation.onDelete}`,
        relation.onUpdate && `on update ${relation.onUpdate}`,
      ]
        .filter(Boolean)
        .join(', '),
    ),
    esc(relation.rationale ?? relation.businessRule ?? relation.description ?? ''),
  ];
}

function indexJustification(index: IndexDoc): string {
  const reasons: string[] = [];
  if (index.kind === 'primaryKey') reasons.push('primary key');
  else if (index.kind === 'unique') reasons.push('unique constraint');
  else if (index.kind === 'exclusion') reasons.push('exclusion constraint');
  if (index.rationale !== undefined) reasons.push(esc(index.rationale));
  if (index.patterns.length > 0)
    reasons.push(
      `query ${index.patterns.length > 1 ? 'patterns' : 'pattern'} ${index.patterns.map((p) => code(p)).join(', ')}`,
    );
  return reasons.length > 0
    ? reasons.join('<br>')
    : '<span class="unjustified">none: no rationale, no query pattern uses it</span>';
}

function renderIndexes(indexes: readonly IndexDoc[]): string {
  return htmlTable(
    ['Index', 'Definition', 'Justified by'],
    indexes.map((index) => [
      code(index.name) + (index.unique && index.kind === 'index' ? ' <span class="badge">unique</span>' : ''),
      code(index.definition) + (index.description !== undefined ? `<br>${esc(index.description)}` : ''),
      indexJustification(index),
    ]),
  );
}

function renderTriggers(triggers: readonly Trigger[]): string {
  return htmlTable(
    ['Trigger', 'When', 'Function', 'Description'],
    triggers.map((t) => [
      code(t.name),
      esc(
        `${t.timing} ${t.events.join(' or ')}${t.updateOf ? ` of ${t.updateOf.join(', ')}` : ''} for each ${t.forEach ?? 'statement'}${t.when !== undefined ? ` when ${t.when}` : ''}${t.enabled !== undefined && t.enabled !== 'origin' ? ` (${t.enabled})` : ''}`,
      ),
      code(`${t.function}(${(t.arguments ?? []).join(', ')})`),
      esc(t.description ?? t.rationale ?? ''),
    ]),
  );
}

function renderPolicies(policies: readonly Policy[]): string {
  return htmlTable(
    ['Policy', 'Command', 'Roles', 'Using', 'With check', 'Business rule'],
    policies.map((p) => [
      code(p.name) + (p.restrictive === true ? ' <span class="badge">restrictive</span>' : ''),
      esc(p.command ?? 'all'),
      esc((p.roles ?? ['public']).join(', ')),
      p.using !== undefined ? code(p.using) : '',
      p.withCheck !== undefined ? code(p.withCheck) : '',
      esc(p.businessRule ?? p.description ?? ''),
    ]),
  );
}

function renderGrants(
  owner: string | undefined,
  grants: readonly Grant[],
  revokes: readonly Revoke[],
): string {
  const rows = [
    ...grants.map((g) => [
      'grant',
      esc(g.role),
      esc(g.privileges.join(', ') + (g.columns ? ` (${g.columns.join(', ')})` : '')),
      g.withGrantOption === true ? 'with grant option' : '',
    ]),
    ...revokes.map((r) => ['revoke', esc(r.role), esc(r.privileges.join(', ')), '']),
  ];
  return (
    (owner !== undefined ? `<p>Owner: ${code(owner)}</p>` : '') +
    (rows.length > 0 ? htmlTable(['', 'Role', 'Privileges', ''], rows) : '')
  );
}

function renderPatterns(context: PageContext, patterns: readonly PatternDoc[], here: string): string {
  return patterns
    .map(
      (p) =>
        `<h3>${esc(p.name)}</h3>` +
        metadataList([
          ['Declared on', p.owner === here ? undefined : tableLink(context, p.owner)],
          ['Frequency', p.frequency !== undefined ? esc(p.frequency) : undefined],
          ['Reads', p.tables.length > 0 ? p.tables.map((t) => tableLink(context, t)).join(', ') : undefined],
        ]) +
        paragraph(p.description) +
        (p.sql !== undefined ? `<pre><code>${esc(p.sql)}</code></pre>` : ''),
    )
    .join('\n');
}

function renderFindings(findings: readonly DocsFinding[]): string {
  return `<ul class="findings">${findings
    .map(
      (f) =>
        `<li class="finding ${esc(f.severity)}"><strong>${esc(f.severity)}</strong> ${code(f.code)} ${esc(f.message)}${f.location ? ` <span class="muted">${esc(`${f.location.file}:${f.location.line}:${f.location.column}`)}</span>` : ''}${f.fix !== undefined ? `<br><span class="muted">fix: ${esc(f.fix)}</span>` : ''}</li>`,
    )
    .join('')}</ul>`;
}

function renderTablePage(context: PageContext, doc: TableDoc): string {
  const { table } = doc;
  const { pages } = context.catalog;
  const parts = [
    `<h1><span class="muted">table</span> ${esc(doc.schema)}.${esc(doc.name)}</h1>`,
    paragraph(table.description),
    metadataList([
      [
        'Subject area',
        doc.area !== undefined ? pageLink(context, pages.get(`area:${doc.area}`), doc.area) : undefined,
      ],
      ['Owner', table.dataOwner !== undefined ? esc(table.dataOwner) : undefined],
      ['Sensitivity', table.sensitivity !== undefined ? sensitivityBadge(table.sensitivity) : undefined],
      ['Retention', table.retention !== undefined ? esc(table.retention) : undefined],
      ['Estimated rows', table.volume?.rows !== undefined ? esc(groupDigits(table.volume.rows)) : undefined],
      ['Growth', table.volume?.growth !== undefined ? esc(table.volume.growth) : undefined],
      [
        'Tags',
        table.tags !== undefined
          ? table.tags.map((t) => el('span', { class: 'badge' }, esc(t))).join(' ')
          : undefined,
      ],
      ['Key rationale', table.keyRationale !== undefined ? esc(table.keyRationale) : undefined],
      [
        'Partition of',
        table.partitionOf
          ? `${tableLink(context, `${table.partitionOf.schema ?? doc.schema}.${table.partitionOf.table}`)} ${code(table.partitionOf.bound)}`
          : undefined,
      ],
      [
        'Partitions',
        doc.partitions.length > 0 ? doc.partitions.map((p) => tableLink(context, p)).join(', ') : undefined,
      ],
      [
        'Row-level security',
        table.rowSecurity === true
          ? table.forceRowSecurity === true
            ? 'enabled, forced'
            : 'enabled'
          : undefined,
      ],
    ]),
  ];
  parts.push(
    section(
      'Columns',
      htmlTable(
        ['Column', 'Type', 'Null', 'Default', 'Description', 'Sensitivity'],
        doc.columns.map((c) => [
          `<span id="${esc(columnAnchor(c.name))}">${code(c.name)}</span>${c.primaryKey ? ' <span class="badge">PK</span>' : ''}${c.references.length > 0 ? ` → ${c.references.map((r) => tableLink(context, r)).join(', ')}` : ''}`,
          code(c.type),
          c.notNull ? 'not null' : 'null',
          c.default !== undefined ? code(c.default) : '',
          esc(c.description ?? ''),
          sensitivityBadge(c.sensitivity),
        ]),
      ),
      'columns',
    ),
  );
  if (doc.constraints.length > 0)
    parts.push(
      section(
        'Keys and constraints',
        htmlTable(
          ['Kind', 'Name', 'Definition', 'Business rule', 'Rationale'],
          doc.constraints.map((c) => [
            esc(c.kind),
            code(c.name),
            code(c.definition),
            esc(c.businessRule ?? c.description ?? ''),
            esc(c.rationale ?? ''),
          ]),
        ),
        'constraints',
      ),
    );
  if (doc.indexes.length > 0) parts.push(section('Indexes', renderIndexes(doc.indexes), 'indexes'));
  if (doc.outgoing.length > 0)
    parts.push(
      section(
        'References',
        htmlTable(
          ['Table', 'Columns', 'Foreign key', 'Actions', 'Rationale'],
          doc.outgoing.map((r) => relationRow(context, r, r.to)),
        ),
        'references',
      ),
    );
  if (doc.incoming.length > 0)
    parts.push(
      section(
        'Referenced by',
        htmlTable(
          ['Table', 'Columns', 'Foreign key', 'Actions', 'Rationale'],
          doc.incoming.map((r) => relationRow(context, r, r.from)),
        ),
        'referenced-by',
      ),
    );
  if ((table.triggers ?? []).length > 0)
    parts.push(section('Triggers', renderTriggers(table.triggers ?? []), 'triggers'));
  if ((table.policies ?? []).length > 0)
    parts.push(section('Policies', renderPolicies(table.policies ?? []), 'policies'));
  if (table.owner !== undefined || (table.grants ?? []).length + (table.revokes ?? []).length > 0)
    parts.push(
      section('Grants', renderGrants(table.owner, table.grants ?? [], table.revokes ?? []), 'grants'),
    );
  if (doc.patterns.length > 0)
    parts.push(section('Query patterns', renderPatterns(context, doc.patterns, doc.key), 'query-patterns'));
  if (doc.findings.length > 0) parts.push(section('Lint findings', renderFindings(doc.findings), 'lint'));
  return layout(context, doc.key, parts.join('\n'));
}

function renderViewPage(context: PageContext, doc: ViewDoc): string {
  const { view } = doc;
  const kindName = doc.kind === 'view' ? 'view' : 'materialized view';
  const parts = [
    `<h1><span class="muted">${kindName}</span> ${esc(doc.schema)}.${esc(doc.name)}</h1>`,
    paragraph(view.description),
    metadataList([
      ['Subject area', doc.area !== undefined ? esc(doc.area) : undefined],
      ['Owner', view.dataOwner !== undefined ? esc(view.dataOwner) : undefined],
      ['Tags', view.tags !== undefined ? esc(view.tags.join(', ')) : undefined],
      ['Rationale', view.rationale !== undefined ? esc(view.rationale) : undefined],
      ['Reads', doc.reads.length > 0 ? doc.reads.map((r) => tableLink(context, r)).join(', ') : undefined],
    ]),
    section('Definition', `<pre><code>${esc(view.definition)}</code></pre>`, 'definition'),
  ];
  if (doc.indexes.length > 0) parts.push(section('Indexes', renderIndexes(doc.indexes), 'indexes'));
  const triggers = 'triggers' in view ? (view.triggers ?? []) : [];
  if (triggers.length > 0) parts.push(section('Triggers', renderTriggers(triggers), 'triggers'));
  if (view.owner !== undefined || (view.grants ?? []).length + (view.revokes ?? []).length > 0)
    parts.push(section('Grants', renderGrants(view.owner, view.grants ?? [], view.revokes ?? []), 'grants'));
  if (doc.findings.length > 0) parts.push(section('Lint findings', renderFindings(doc.findings), 'lint'));
  return layout(context, doc.key, parts.join('\n'));
}

function renderRoutinePage(context: PageContext, doc: RoutineDoc): string {
  const { routine } = doc;
  const parts = [
    `<h1><span class="muted">${doc.kind}</span> ${esc(doc.schema)}.${esc(doc.name)}</h1>`,
    paragraph(routine.description),
    metadataList([
      ['Language', esc(routine.language)],
      ['Returns', routine.returns !== undefined ? code(routine.returns) : undefined],
      ['Volatility', esc(routine.volatility ?? 'volatile')],
      ['Security', routine.securityDefiner === true ? 'security definer' : undefined],
      ['Parallel', routine.parallel !== undefined ? esc(routine.parallel) : undefined],
      ['Rationale', routine.rationale !== undefined ? esc(routine.rationale) : undefined],
    ]),
  ];
  if ((routine.arguments ?? []).length > 0)
    parts.push(
      section(
        'Arguments',
        htmlTable(
          ['Name', 'Type', 'Mode', 'Default'],
          (routine.arguments ?? []).map((a) => [
            a.name !== undefined ? code(a.name) : '',
            code(a.type),
            esc(a.mode ?? 'in'),
            a.default !== undefined ? code(a.default) : '',
          ]),
        ),
      ),
    );
  const body = routine.sqlBody ?? routine.body;
  if (body !== undefined) parts.push(section('Body', `<pre><code>${esc(body)}</code></pre>`));
  if (routine.owner !== undefined || (routine.grants ?? []).length + (routine.revokes ?? []).length > 0)
    parts.push(section('Grants', renderGrants(routine.owner, routine.grants ?? [], routine.revokes ?? [])));
  return layout(context, doc.key, parts.join('\n'));
}

function renderTypePage(context: PageContext, doc: TypeDoc): string {
  const parts = [
    `<h1><span class="muted">${doc.kind === 'composite' ? 'composite type' : doc.kind}</span> ${esc(doc.schema)}.${esc(doc.name)}</h1>`,
  ];
  parts.push(paragraph(doc.type.description));
  switch (doc.kind) {
    case 'enum':
      parts.push(section('Values', `<ol>${doc.type.values.map((v) => `<li>${code(v)}</li>`).join('')}</ol>`));
      break;
    case 'domain':
      parts.push(
        metadataList([
          ['Base type', code(doc.type.type)],
          ['Null', doc.type.notNull === true ? 'not null' : 'null'],
          ['Default', doc.type.default !== undefined ? code(doc.type.default) : undefined],
        ]),
      );
      if ((doc.type.checks ?? []).length > 0)
        parts.push(
          section(
            'Checks',
            htmlTable(
              ['Name', 'Expression', 'Business rule'],
              (doc.type.checks ?? []).map((c) => [
                esc(c.name ?? ''),
                code(c.expression),
                esc(c.businessRule ?? c.description ?? ''),
              ]),
            ),
          ),
        );
      break;
    case 'composite':
      parts.push(
        section(
          'Attributes',
          htmlTable(
            ['Name', 'Type', 'Description'],
            doc.type.attributes.map((a) => [code(a.name), code(a.type), esc(a.description ?? '')]),
          ),
        ),
      );
      break;
    case 'range':
      parts.push(metadataList([['Subtype', code(doc.type.subtype)]]));
      break;
  }
  const users = context.catalog.tables.filter((t) =>
    t.columns.some(
      (c) =>
        c.type === doc.name || c.type === doc.key || c.type === `${doc.name}[]` || c.type === `${doc.key}[]`,
    ),
  );
  if (users.length > 0)
    parts.push(
      section('Used by', `<ul>${users.map((t) => `<li>${tableLink(context, t.key)}</li>`).join('')}</ul>`),
    );
  return layout(context, doc.key, parts.join('\n'));
}

function columnAnchor(name: string): string {
  return `column-${encodeURIComponent(name)}`;
}

interface SearchDocument {
  id: number;
  kind: string;
  name: string;
  table: string;
  description: string;
  href: string;
}

function searchDocuments(catalog: DocsCatalog): SearchDocument[] {
  const documents: SearchDocument[] = [];
  const add = (kind: string, name: string, table: string, description: string | undefined, href: string) =>
    documents.push({ id: documents.length, kind, name, table, description: description ?? '', href });
  for (const table of catalog.tables) {
    add('table', table.key, table.name, table.table.description, table.page.href);
    for (const column of table.columns)
      add(
        'column',
        column.name,
        table.key,
        column.description,
        `${table.page.href}#${columnAnchor(column.name)}`,
      );
  }
  for (const view of catalog.views)
    add(
      view.kind === 'view' ? 'view' : 'materialized view',
      view.key,
      view.name,
      view.view.description,
      view.page.href,
    );
  for (const schema of catalog.schemas) {
    for (const routine of schema.routines)
      add(routine.kind, routine.key, '', routine.routine.description, routine.page.href);
    for (const type of schema.types) add(type.kind, type.key, '', type.type.description, type.page.href);
  }
  for (const area of catalog.areas) add('area', area.name, '', undefined, area.page.href);
  return documents;
}

/**
 * Data as `JSON.parse("...")`: an object literal would read a key `__proto__` (a table may be called
 * that) as the prototype, and JSON.parse is the faster way to load a large value.
 */
function jsonData(value: unknown): string {
  return `JSON.parse(${scriptJson(JSON.stringify(value))})`;
}

function pageMap(catalog: DocsCatalog): Record<string, string> {
  const map = Object.create(null) as Record<string, string>;
  for (const table of catalog.tables) map[table.key] = table.page.href;
  for (const view of catalog.views) map[view.key] ??= view.page.href;
  for (const schema of catalog.schemas)
    for (const type of schema.types) if (type.kind === 'enum') map[type.key] ??= type.page.href;
  return map;
}
