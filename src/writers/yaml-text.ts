// YAML text of plain data in the style of model files: block mappings and lists, lists of scalars on
// one line (`columns: [id, name]`), no line folding, and strings quoted when a YAML 1.1 reader would
// take them for something else. The layout is written here directly, which is many times faster and
// leaner than building the yaml package's Document for a large model; every scalar is still written by
// the yaml package's own string and number writers in the context it would give them, so the text is
// the same, byte for byte, as `documentText` (the Document route, kept for data this writer does not
// handle and as the reference its tests compare against).
import { Document, isScalar, visit, type Scalar as ScalarNode, type ToStringOptions } from 'yaml';
import { stringifyNumber, stringifyString, type StringifyContext } from 'yaml/util';

const DOCUMENT_OPTIONS = {
  // Quote strings that YAML 1.1 readers would take for something else (yes, no, on, 0o7), so files
  // mean the same in every YAML tool; this reader and writer use YAML 1.2.
  compat: 'yaml-1.1',
  aliasDuplicateObjects: false,
} as const;

const TEXT_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const satisfies ToStringOptions;

/** Data this writer lays out: maps (objects or Maps) and lists of them, strings, numbers, booleans. */
export type YamlData =
  | string
  | number
  | boolean
  | readonly YamlData[]
  | ReadonlyMap<string, YamlData>
  | { readonly [key: string]: YamlData };

/** The YAML text of the data (a map at the top), the same as `documentText` gives. */
export function yamlText(data: YamlData): string {
  try {
    return `${new YamlWriter().block(data, '')}\n`;
  } catch (error) {
    if (error instanceof OutsideStyle) return documentText(data);
    throw error;
  }
}

/** The same text through the yaml package's Document. */
export function documentText(data: unknown): string {
  const document = new Document(data, DOCUMENT_OPTIONS);
  // Lists of names (columns, enum values, tags) on one line: `columns: [owner_id, due_at]`.
  visit(document, {
    Seq(_, list) {
      if (list.items.every((item) => isScalar(item))) list.flow = true;
    },
  });
  return document.toString(TEXT_OPTIONS);
}

/** Thrown for data whose text this writer does not lay out itself (null, very long keys, ...). */
class OutsideStyle extends Error {}

type Scalar = string | number | boolean;

const isScalarData = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** Where a scalar stands; the yaml package writes a string differently in each. */
const enum Place {
  Key = 'k',
  Block = 'b',
  Flow = 'f',
}

class YamlWriter {
  private readonly document = new Document(null, DOCUMENT_OPTIONS);
  /**
   * The options the yaml package's stringifier would run with: its defaults, then the model style.
   * Typed as the context's options, so an option a new yaml version adds is a compile error here.
   */
  private readonly options: StringifyContext['options'] = {
    blockQuote: true,
    commentString: (comment) => comment.replace(/^(?!$)(?: $)?/gm, '#'),
    defaultKeyType: null,
    defaultStringType: 'PLAIN',
    directives: null,
    doubleQuotedAsJSON: false,
    doubleQuotedMinMultiLineLength: 40,
    falseStr: 'false',
    flowCollectionPadding: TEXT_OPTIONS.flowCollectionPadding,
    indentSeq: true,
    lineWidth: TEXT_OPTIONS.lineWidth,
    minContentWidth: 20,
    nullStr: 'null',
    simpleKeys: false,
    singleQuote: null,
    trailingComma: false,
    trueStr: 'true',
    verifyAliasOrder: true,
  };
  /** Scalar text by place and indentation, then by value: names and types repeat a lot. */
  private readonly written = new Map<string, Map<string, string>>();

  /** A collection in block style whose own lines start at `indent`; a list of scalars in flow style. */
  block(value: YamlData, indent: string): string {
    if (Array.isArray(value)) {
      const list = value as readonly YamlData[];
      if (list.every(isScalarData)) return this.flowList(list, indent);
      if (list.length === 0) return '[]';
      const itemIndent = `${indent}  `;
      let text = '';
      for (const item of list) {
        if (text !== '') text += `\n${indent}`;
        text += `- ${this.value(item, itemIndent, false)}`;
      }
      return text;
    }
    if (typeof value !== 'object' || value === null) throw new OutsideStyle();
    const entries: Iterable<[string, YamlData]> =
      value instanceof Map ? value.entries() : Object.entries(value as Record<string, YamlData>);
    let text = '';
    for (const [key, entry] of entries) {
      if (entry === undefined) continue;
      const keyText = this.scalar(key, Place.Key, `${indent}  `);
      // Longer keys become explicit `? key` entries.
      if (keyText.length > 1024) throw new OutsideStyle();
      if (text !== '') text += `\n${indent}`;
      text += `${keyText}:${this.value(entry, `${indent}  `, true)}`;
    }
    return text === '' ? '{}' : text;
  }

  /**
   * An entry's value with what separates it from `key:` (`inMap`) or `- `: a scalar or flow list on
   * the same line, a block collection on the next lines (a map inside a list starts on the dash line).
   */
  private value(value: YamlData, indent: string, inMap: boolean): string {
    if (isScalarData(value)) {
      const text = this.scalar(value, Place.Block, indent);
      return inMap ? ` ${text}` : text;
    }
    const text = this.block(value, indent);
    if (!inMap) return text;
    // Lists of scalars and empty maps (`{}`) stay on the key's line.
    const flow = Array.isArray(value) ? value.every(isScalarData) : text === '{}';
    return flow ? ` ${text}` : `\n${indent}${text}`;
  }

  private flowList(list: readonly Scalar[], indent: string): string {
    const itemIndent = `${indent}    `;
    const items = list.map((item) => this.scalar(item, Place.Flow, itemIndent));
    // A quoted string long enough to be written over several lines puts each item on its own line.
    if (items.some((item) => item.includes('\n'))) throw new OutsideStyle();
    return `[${items.join(', ')}]`;
  }

  private scalar(value: unknown, place: Place, indent: string): string {
    if (typeof value === 'number') return stringifyNumber({ value } as ScalarNode);
    if (typeof value === 'boolean') return value ? this.options.trueStr : this.options.falseStr;
    if (typeof value !== 'string') throw new OutsideStyle();
    const cacheKey = `${place}${indent}`;
    let byValue = this.written.get(cacheKey);
    if (!byValue) {
      byValue = new Map();
      this.written.set(cacheKey, byValue);
    }
    let text = byValue.get(value);
    if (text === undefined) {
      const context: StringifyContext = {
        actualString: true,
        anchors: new Set(),
        doc: this.document,
        flowCollectionPadding: '',
        implicitKey: place === Place.Key,
        indent,
        indentStep: '  ',
        inFlow: place === Place.Flow ? true : null,
        options: this.options,
      };
      text = stringifyString({ value } as ScalarNode, context);
      byValue.set(value, text);
    }
    return text;
  }
}
