// The documentation of a model as files in memory: the static HTML site or the Markdown set. The caller
// writes them (`schemata docs -o DIR`) or serves them (`schemata docs --serve`). The same model gives
// byte-identical files: nothing here reads the clock or the environment.
import type { Model } from '../../model/model-schema.ts';
import type { LayoutFile } from '../erd/svg/layout-file.ts';
import { buildDocsCatalog, type DocsFinding } from './docs-catalog.ts';
import { drawAreaDiagrams, renderErDiagramMarkdown } from './docs-diagrams.ts';
import { renderHtmlDocs } from './html/render-html-docs.ts';
import { readMiniSearchBrowserBuild } from './html/site-assets.ts';
import { renderMarkdownDocs } from './markdown/render-markdown-docs.ts';

export type DocsFormat = 'html' | 'markdown';

export interface DocsOptions {
  format: DocsFormat;
  /** Lint findings to show on the pages of the tables they are about (HTML). */
  findings?: readonly DocsFinding[];
  /** The model's diagram layout file (`schemata erd --write-layout`): its pinned boxes stay put. */
  layout?: LayoutFile;
  /** Pages load the live-reload client of `docs --serve`. */
  liveReload?: boolean;
}

/** Relative path (with `/`) -> content, in path order. */
export async function buildDocs(model: Model, options: DocsOptions): Promise<Map<string, string>> {
  const catalog = await buildDocsCatalog(model, options.findings ? { findings: options.findings } : {});
  if (options.format === 'markdown')
    return renderMarkdownDocs(catalog, renderErDiagramMarkdown(catalog.model, catalog.title));
  return renderHtmlDocs(catalog, await drawAreaDiagrams(catalog.model, options.layout), {
    miniSearch: await readMiniSearchBrowserBuild(),
    ...(options.liveReload === true && { liveReload: true }),
  });
}
