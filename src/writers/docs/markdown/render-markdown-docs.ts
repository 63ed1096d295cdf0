// The documentation as Markdown files that render on GitHub: er-diagram.md (Mermaid per area, from the
// ERD's Mermaid writer), data-dictionary.md (every table with its metadata, columns, keys, constraints
// and relationships), indexes.md (each index with what justifies it, and those nothing does) and
// queries.sql (the declared query patterns).
import type { DocsCatalog, IndexDoc, PatternDoc, RelationDoc, TableDoc } from '../docs-catalog.ts';
import { groupDigits, mdCell, mdCode, mdTable, mdText } from './markdown-text.ts';

/** File name -> content. */
export function renderMarkdownDocs(catalog: DocsCatalog, erDiagram: string): Map<string, string> {
  return new Map([
    ['data-dictionary.md', renderDataDictionary(catalog)],
    ['er-diagram.md', erDiagram],
    ['indexes.md', renderIndexes(catalog)],
    ['queries.sql', renderQueries(catalog)],
  ]);
}

function heading(catalog: DocsCatalog, what: string): string {
  return `# ${mdText(what)}: ${mdText(catalog.title)}\n`;
}

/** A heading with an explicit anchor: GitHub's own anchors of hostile names are not predictable. */
function anchored(level: number, anchor: string, text: string): string {
  return `<a id="${anchor}"></a>\n\n${'#'.repeat(level)} ${text}\n`;
}

function tableLink(catalog: DocsCatalog, key: string, file = ''): string {
  const page = catalog.pages.get(`table:${key}`);
  return page ? `[${mdText(key)}](${file}#${page.anchor})` : mdText(key);
}

function renderDataDictionary(catalog: DocsCatalog): string {
  const parts = [heading(catalog, 'Data dictionary')];
  if (catalog.description !== undefined) parts.push(`${mdText(catalog.description)}\n`);
  if (catalog.tables.length === 0) parts.push('The model has no tables.\n');
  else
    parts.push(
      mdTable(
        ['Table', 'Area', 'Description'],
        catalog.tables.map((t) => [
          tableLink(catalog, t.key),
          mdCell(t.area),
          mdCell(firstLine(t.table.description)),
        ]),
      ) + '\n',
    );
  for (const table of catalog.tables) parts.push(renderTableEntry(catalog, table));
  return parts.join('\n');
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n')[0];
}

function renderTableEntry(catalog: DocsCatalog, doc: TableDoc): string {
  const { table } = doc;
  const parts = [anchored(2, doc.page.anchor, mdText(doc.key))];
  if (table.description !== undefined) parts.push(`${mdText(table.description)}\n`);
  const metadata: [string, string | undefined][] = [
    ['Subject area', doc.area],
    ['Owner', table.dataOwner],
    ['Sensitivity', table.sensitivity],
    ['Retention', table.retention],
    ['Estimated rows', table.volume?.rows !== undefined ? groupDigits(table.volume.rows) : undefined],
    ['Growth', table.volume?.growth],
    ['Tags', table.tags?.join(', ')],
    [
      'Partition of',
      table.partitionOf
        ? `${table.partitionOf.schema ?? doc.schema}.${table.partitionOf.table} ${table.partitionOf.bound}`
        : undefined,
    ],
    ['Partitions', doc.partitions.length > 0 ? doc.partitions.join(', ') : undefined],
  ];
  const shown = metadata.filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (shown.length > 0)
    parts.push(
      mdTable(
        ['Metadata', 'Value'],
        shown.map(([k, v]) => [k, mdCell(v)]),
      ) + '\n',
    );
  parts.push('### Columns\n');
  parts.push(
    mdTable(
      ['Column', 'Type', 'Null', 'Default', 'Description', 'Sensitivity'],
      doc.columns.map((c) => [
        `${mdCode(c.name)}${c.primaryKey ? ' (PK)' : ''}${c.references.length > 0 ? ` → ${c.references.map((r) => tableLink(catalog, r)).join(', ')}` : ''}`,
        mdCode(c.type),
        c.notNull ? 'not null' : 'null',
        c.default !== undefined ? mdCode(c.default) : '',
        mdCell(c.description),
        mdCell(c.sensitivity),
      ]),
    ) + '\n',
  );
  if (doc.constraints.length > 0) {
    parts.push('### Keys and constraints\n');
    parts.push(
      mdTable(
        ['Kind', 'Name', 'Definition', 'Business rule', 'Rationale'],
        doc.constraints.map((c) => [
          c.kind,
          mdCode(c.name),
          mdCode(c.definition),
          mdCell(c.businessRule ?? c.description),
          mdCell(c.rationale),
        ]),
      ) + '\n',
    );
  }
  if (doc.outgoing.length + doc.incoming.length > 0) {
    parts.push('### Relationships\n');
    const lines = [
      ...doc.outgoing.map((r) => `- references ${relationText(catalog, r, r.to)}`),
      ...doc.incoming.map((r) => `- referenced by ${relationText(catalog, r, r.from)}`),
    ];
    parts.push(lines.join('\n') + '\n');
  }
  if (doc.patterns.length > 0) {
    parts.push('### Query patterns\n');
    parts.push(doc.patterns.map((p) => `- ${patternLine(p, doc.key)}`).join('\n') + '\n');
  }
  return parts.join('\n');
}

function relationText(catalog: DocsCatalog, relation: RelationDoc, other: string): string {
  const columns = `(${relation.fromColumns.join(', ')}) → (${relation.toColumns.join(', ')})`;
  const actions = [
    relation.onDelete !== undefined ? `on delete ${relation.onDelete}` : undefined,
    relation.onUpdate !== undefined ? `on update ${relation.onUpdate}` : undefined,
  ].filter((a) => a !== undefined);
  const why = relation.rationale ?? relation.businessRule ?? relation.description;
  return [
    `${tableLink(catalog, other)} ${mdCode(columns, false)} by ${mdCode(relation.name, false)}`,
    actions.length > 0 ? `, ${actions.join(', ')}` : '',
    why !== undefined ? `: ${mdText(why.replace(/\s*\n\s*/g, ' '))}` : '',
  ].join('');
}

function patternLine(pattern: PatternDoc, here: string): string {
  const where = pattern.owner === here ? '' : ` (declared on ${mdText(pattern.owner)})`;
  const frequency = pattern.frequency !== undefined ? `, ${mdText(pattern.frequency)}` : '';
  const sql = pattern.sql !== undefined ? `: ${mdCode(pattern.sql, false)}` : '';
  return `${mdText(pattern.name)}${where}${frequency}${sql}`;
}

function justification(index: IndexDoc): string {
  const reasons: string[] = [];
  if (index.kind === 'primaryKey') reasons.push('primary key');
  else if (index.kind === 'unique') reasons.push('unique constraint');
  else if (index.kind === 'exclusion') reasons.push('exclusion constraint');
  if (index.rationale !== undefined) reasons.push(mdCell(index.rationale));
  if (index.patterns.length > 0)
    reasons.push(
      `query ${index.patterns.length > 1 ? 'patterns' : 'pattern'} ${index.patterns.map((p) => mdCode(p)).join(', ')}`,
    );
  return reasons.length > 0 ? reasons.join('<br>') : '**none**';
}

function renderIndexes(catalog: DocsCatalog): string {
  const parts = [heading(catalog, 'Indexes')];
  parts.push(
    'Each index with what justifies it: its rationale, or a declared query pattern that filters, joins or sorts on its leading column. Keys and unique constraints are justified by what they enforce.\n',
  );
  const unjustified: [TableDoc, IndexDoc][] = [];
  for (const table of catalog.tables) {
    if (table.indexes.length === 0) continue;
    parts.push(anchored(2, table.page.anchor, mdText(table.key)));
    parts.push(
      mdTable(
        ['Index', 'Definition', 'Justified by'],
        table.indexes.map((index) => {
          if (!index.justified) unjustified.push([table, index]);
          return [
            mdCode(index.name) + (index.unique && index.kind === 'index' ? ' (unique)' : ''),
            mdCode(index.definition),
            justification(index),
          ];
        }),
      ) + '\n',
    );
  }
  parts.push('## Indexes without a justification\n');
  parts.push(
    unjustified.length === 0
      ? 'Every index has a rationale or a query pattern that uses it.\n'
      : unjustified
          .map(
            ([table, index]) =>
              `- ${mdCode(index.name, false)} on ${mdText(table.key)}: ${mdCode(index.definition, false)}`,
          )
          .join('\n') + '\n',
  );
  return parts.join('\n');
}

/** A comment line's text: one line, no way to end the comment early. */
function commentText(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

function renderQueries(catalog: DocsCatalog): string {
  const lines = [
    `-- Query patterns declared in the model of ${commentText(catalog.title)}.`,
    '-- Each is the query as the application runs it; $1, $2 ... are its parameters.',
  ];
  if (catalog.patterns.length === 0) lines.push('-- The model declares none.');
  for (const pattern of catalog.patterns) {
    lines.push('', `-- ${commentText(pattern.owner)}: ${commentText(pattern.name)}`);
    if (pattern.frequency !== undefined) lines.push(`-- frequency: ${commentText(pattern.frequency)}`);
    if (pattern.description !== undefined) lines.push(`-- ${commentText(pattern.description)}`);
    if (pattern.tables.length > 0) lines.push(`-- reads: ${commentText(pattern.tables.join(', '))}`);
    if (pattern.sql === undefined) lines.push('-- (no SQL declared)');
    else {
      const sql = pattern.sql.trim();
      lines.push(sql.endsWith(';') ? sql : `${sql};`);
    }
  }
  return lines.join('\n') + '\n';
}
