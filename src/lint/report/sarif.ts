// Findings as SARIF 2.1.0 (the format code-scanning tools read): one run whose driver lists every
// rule with its descriptions and help (the text of its docs/rules/CODE.md page), and one result per
// finding with its rule, level and location. File paths are relative to the directory the command
// ran in (%SRCROOT%); a database finding has the object's name as a logical location.
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatModelPath } from '../../model/model-path.ts';
import type { Finding, LintSeverity, Rule } from '../rule.ts';
import { renderRuleHelp, rulePagePath } from './rule-page.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVELS: Record<LintSeverity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export interface SarifOptions {
  /** schemata's version. */
  version: string;
  /** The directory relative file paths start from: %SRCROOT%. */
  cwd: string;
  /** Where the rule pages are published (ending in `/`): each rule's helpUri is this plus CODE.md. */
  docsUrl?: string | undefined;
}

function artifactUri(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: encodeURI(file.split(sep).join('/')), uriBaseId: '%SRCROOT%' };
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** The SARIF log of a lint: every rule of `rules` in the driver, the findings as results. */
export function renderSarif(
  findings: readonly Finding[],
  rules: readonly Rule[],
  options: SarifOptions,
): string {
  const index = new Map(rules.map((rule, i) => [rule.code, i]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'schemata',
            version: options.version,
            semanticVersion: options.version,
            rules: rules.map((rule) => ({
              id: rule.code,
              name: rule.code,
              shortDescription: { text: rule.summary },
              fullDescription: { text: `${rule.summary} ${firstSentence(rule.rationale)}` },
              help: {
                text: `${rule.summary}\n\nWhy: ${rule.rationale}\n\nFix: ${rule.fix}\n\nSee ${rulePagePath(rule.code)}.`,
                markdown: renderRuleHelp(rule),
              },
              ...(options.docsUrl !== undefined && { helpUri: `${options.docsUrl}${rule.code}.md` }),
              defaultConfiguration: { level: LEVELS[rule.severity], enabled: rule.optIn !== true },
              properties: {
                category: rule.category,
                tags: [rule.category, rule.kind === 'model' ? 'schema-design' : 'migration-safety'],
                docs: rulePagePath(rule.code),
              },
            })),
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': {
            uri: pathToFileURL(options.cwd.endsWith(sep) ? options.cwd : `${options.cwd}${sep}`).href,
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => {
          const ruleIndex = index.get(finding.code);
          const object = finding.object ?? (finding.path ? formatModelPath(finding.path) : undefined);
          return {
            ruleId: finding.code,
            ...(ruleIndex !== undefined && { ruleIndex }),
            level: LEVELS[finding.severity],
            message: { text: `${finding.message}. Fix: ${finding.fix}` },
            locations: [
              {
                ...(finding.location && {
                  physicalLocation: {
                    artifactLocation: artifactUri(finding.location.file),
                    region: { startLine: finding.location.line, startColumn: finding.location.column },
                  },
                }),
                ...(object !== undefined && { logicalLocations: [{ fullyQualifiedName: object }] }),
              },
            ],
            properties: { category: finding.category },
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
