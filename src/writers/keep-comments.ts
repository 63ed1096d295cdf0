// A model file written again (inspect into an existing model) keeps the comments people wrote in it.
// The new text is canonical; each comment of the old file goes to the same place in it: before or
// after the same key, list item (matched by name, else by position) or value. Comments on objects
// that are gone go with them.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';

type Commented = { commentBefore?: string | null; comment?: string | null; spaceBefore?: boolean };

const TEXT_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/** `text` with the comments of `previous` carried over; `text` itself when there are none to carry. */
export function keepComments(previous: string, text: string): string {
  if (previous === text || !/#/.test(previous)) return text;
  const old = parseDocument(previous);
  if (old.errors.length > 0) return text;
  const next = parseDocument(text);
  const carried = { count: 0 };
  carry(old, next, carried);
  carryNode(old.contents, next.contents, carried);
  return carried.count === 0 ? text : next.toString(TEXT_OPTIONS);
}

function carry(
  from: Commented | null | undefined,
  to: Commented | null | undefined,
  carried: { count: number },
) {
  if (!from || !to) return;
  if (from.commentBefore) {
    to.commentBefore = from.commentBefore;
    carried.count++;
  }
  if (from.comment) {
    to.comment = from.comment;
    carried.count++;
  }
  if (from.spaceBefore) to.spaceBefore = true;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** A list item's name, when it is a map with a scalar `name`. */
function itemName(item: unknown): unknown {
  if (!isMap(item)) return undefined;
  const name = item.get('name', true);
  return isScalar(name) ? name.value : undefined;
}

function carryNode(from: Node | null | undefined, to: Node | null | undefined, carried: { count: number }) {
  if (!from || !to) return;
  carry(from, to, carried);
  if (isMap(from) && isMap(to)) {
    const pairs = new Map(from.items.filter(isPair).map((pair) => [keyOf(pair), pair]));
    for (const pair of to.items) {
      const old = pairs.get(keyOf(pair));
      if (!old) continue;
      carry(old.key as Commented, pair.key as Commented, carried);
      carryNode(old.value as Node, pair.value as Node, carried);
    }
  } else if (isSeq(from) && isSeq(to)) {
    const named = new Map(from.items.map((item) => [itemName(item), item]));
    to.items.forEach((item, i) => {
      const name = itemName(item);
      carryNode((name === undefined ? from.items[i] : named.get(name)) as Node, item as Node, carried);
    });
  }
}
