// Places the boxes of a Diagram and routes its edges with elkjs (the Eclipse Layout Kernel compiled to
// JavaScript; the bundled build, so it runs in-process without a web worker). The layered algorithm
// puts referenced tables left of the tables referencing them and routes edges orthogonally around the
// boxes, from the row of the key column on one box to the row of the referencing column on the other.
// Same diagram and pins, same layout: inputs are sorted, options are fixed (the random seed too) and
// coordinates rounded. See docs/erd-layout.md.
import { createRequire } from 'node:module';
import type elkBundle from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode, ElkPort, LayoutOptions } from 'elkjs/lib/elk-api.js';
import type { Diagram, DiagramEntity, DiagramRelationship } from '../diagram.ts';
import { HEADER_HEIGHT, ROW_HEIGHT, measureBox, type BoxDetail, type BoxShape } from './box-metrics.ts';

export interface Point {
  x: number;
  y: number;
}

/** Entity id (`schema.name`) -> the top-left corner its box is pinned to. */
export type LayoutPins = Readonly<Record<string, Point>>;

export interface PlacedBox {
  entity: DiagramEntity;
  x: number;
  y: number;
  width: number;
  height: number;
  shape: BoxShape;
  /** Placed at its pin. */
  pinned: boolean;
}

export interface RoutedEdge {
  relationship: DiagramRelationship;
  /** From the `from` entity's box to the `to` entity's box. */
  points: Point[];
  /**
   * `elk` when elk routed it around the boxes; `connector` when one of its boxes is not where elk put
   * it (pinned, or moved off a pinned box), so it is a plain orthogonal connector that may cross boxes.
   */
  routing: 'elk' | 'connector';
}

/** The frame around a subject area's boxes, in a diagram large enough to be laid out area by area. */
export interface AreaFrame {
  area: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The relationships between two areas' tables, drawn as one edge between the two frames. */
export interface AreaLink {
  /** The area holding the referencing entities. */
  fromArea: string;
  toArea: string;
  relationships: DiagramRelationship[];
  points: Point[];
}

export interface DiagramLayout {
  width: number;
  height: number;
  /** In the order of their ids. */
  boxes: PlacedBox[];
  /** In the order of their relationship ids; relationships between areas are in `areaLinks` instead. */
  edges: RoutedEdge[];
  /** Empty unless the diagram was laid out area by area. */
  areas: AreaFrame[];
  areaLinks: AreaLink[];
}

export interface LayoutSettings {
  pins?: LayoutPins;
  /** `header` draws every box as its header alone; default `columns`. */
  detail?: BoxDetail;
}

/** Space kept around the drawing and between a moved box and the pinned box it would overlap. */
const MARGIN = 24;
/** The straight run out of a box before a connector turns: room for the crow's foot. */
const CONNECTOR_RUN = 24;
/** Above this many entities elk is asked to work less hard, so a 1,000-table overview stays fast. */
const LARGE_DIAGRAM = 150;

const requireHere = createRequire(import.meta.url);

/**
 * elk's constructor, loaded when a diagram is first laid out: at 3.5 MB it is most of what a command
 * would otherwise load at start-up. Its bundle is CommonJS: the module object is the constructor,
 * which also carries itself as `default` (how TypeScript sees the import under nodenext).
 */
function elk(): typeof elkBundle.default {
  return (requireHere('elkjs/lib/elk.bundled.js') as typeof elkBundle).default;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function layoutOptions(entityCount: number): LayoutOptions {
  const large = entityCount > LARGE_DIAGRAM;
  return {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.randomSeed': '1',
    // elk keeps the structural order of the entities (structuralOrder below) within each layer, so a
    // new table disturbs the others little. Measured on 30-table schemas: boxes move a seventh as far
    // as when elk reorders freely, for about twice the edge crossings (docs/erd-layout.md).
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
    // Cycles (rare in schemas but for self references) broken greedily, ties by that order, no chance.
    'elk.layered.cycleBreaking.strategy': 'GREEDY_MODEL_ORDER',
    'elk.layered.nodePlacement.strategy': large ? 'LINEAR_SEGMENTS' : 'NETWORK_SIMPLEX',
    'elk.layered.thoroughness': large ? '1' : '7',
    'elk.spacing.nodeNode': '36',
    'elk.layered.spacing.nodeNodeBetweenLayers': '72',
    'elk.spacing.edgeNode': '16',
    'elk.layered.spacing.edgeNodeBetweenLayers': '28',
    'elk.spacing.edgeEdge': '8',
    'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
    'elk.spacing.componentComponent': '48',
    'elk.separateConnectedComponents': 'true',
    'elk.aspectRatio': '1.6',
    'elk.padding': `[top=${MARGIN},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`,
  };
}

const round = (value: number): number => Math.round(value * 10) / 10;

interface NodeInput {
  entity: DiagramEntity;
  shape: BoxShape;
  ports: Map<string, ElkPort>;
}

/** The y of the row showing `column` in a box, or the middle of its header. */
function rowY(node: NodeInput, column: string | undefined): number {
  const row = node.shape.rows.findIndex((r) => r.kind === 'column' && r.column.name === column);
  return row < 0 ? HEADER_HEIGHT / 2 : HEADER_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT / 2;
}

function portFor(node: NodeInput, index: number, side: 'EAST' | 'WEST', column: string | undefined): string {
  const y = rowY(node, column);
  const id = `n${index}.${side === 'EAST' ? 'e' : 'w'}${y}`;
  if (!node.ports.has(id))
    node.ports.set(id, {
      id,
      width: 0,
      height: 0,
      x: side === 'EAST' ? node.shape.width : 0,
      y,
      layoutOptions: { 'elk.port.side': side },
    });
  return id;
}

/** An area's frame leaves this much room above its boxes for the area's name. */
export const AREA_LABEL_SPACE = 32;
const NO_AREA = '';

export async function layoutDiagram(diagram: Diagram, settings: LayoutSettings = {}): Promise<DiagramLayout> {
  const detail = settings.detail ?? 'columns';
  const entities = [...diagram.entities].sort((a, b) => compareText(a.id, b.id));
  const indexOf = new Map(entities.map((entity, index) => [entity.id, index]));
  const nodes: NodeInput[] = entities.map((entity) => ({
    entity,
    shape: measureBox(entity, detail),
    ports: new Map(),
  }));
  const relationships = [...diagram.relationships].sort(
    (a, b) => compareText(a.id, b.id) || compareText(a.from, b.from) || compareText(a.to, b.to),
  );
  const endsOf = (relationship: DiagramRelationship): [number, number] => {
    const from = indexOf.get(relationship.from);
    const to = indexOf.get(relationship.to);
    if (from === undefined || to === undefined)
      throw new Error(
        `relationship ${relationship.id} joins ${relationship.from} and ${relationship.to}, not both in diagram ${diagram.title}`,
      );
    return [from, to];
  };
  const rank = structuralOrder(entities.length, relationships.map(endsOf));
  // A large diagram with subject areas is laid out area by area: each area's boxes by themselves, then
  // the areas as boxes. Far cheaper than one layered layout of everything, and easier to read.
  const areaNames = [...new Set(entities.map((entity) => entity.area ?? NO_AREA))].sort(compareText);
  const grouped = entities.length > LARGE_DIAGRAM && areaNames.length > 1;
  const areaOf = (index: number) => (grouped ? (entities[index]!.area ?? NO_AREA) : NO_AREA);

  // Edges run from the referenced entity to the referencing one, so referenced tables (and the enums
  // and tables a view reads) stand left of what uses them.
  const innerEdges = new Map<string, ElkExtendedEdge[]>();
  const links = new Map<string, AreaLink>();
  relationships.forEach((relationship, index) => {
    const [from, to] = endsOf(relationship);
    if (areaOf(from) !== areaOf(to)) {
      const key = `${areaOf(from)}\u0000${areaOf(to)}`;
      const link = links.get(key) ?? {
        fromArea: areaOf(from),
        toArea: areaOf(to),
        relationships: [],
        points: [],
      };
      link.relationships.push(relationship);
      links.set(key, link);
      return;
    }
    const source = portFor(nodes[to]!, to, 'EAST', relationship.toColumns[0]);
    const target = portFor(nodes[from]!, from, 'WEST', relationship.fromColumns[0]);
    const list = innerEdges.get(areaOf(from)) ?? [];
    list.push({ id: `r${index}`, sources: [source], targets: [target] });
    innerEdges.set(areaOf(from), list);
  });
  const elkNode = (node: NodeInput, index: number): ElkNode => ({
    id: `n${index}`,
    width: node.shape.width,
    height: node.shape.height,
    ports: [...node.ports.values()].sort((a, b) => compareText(a.id, b.id)),
    layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
  });
  const inOrder = [...rank.keys()].sort((a, b) => rank[a]! - rank[b]!);
  const edgeRank = (edge: ElkExtendedEdge) => {
    const [from, to] = endsOf(relationships[Number(edge.id.slice(1))]!);
    return rank[to]! * entities.length + rank[from]!;
  };
  for (const list of innerEdges.values())
    list.sort((a, b) => edgeRank(a) - edgeRank(b) || compareText(a.id, b.id));
  const areaIds = new Map(areaNames.map((area, index) => [area, `a${index}`]));
  const sortedLinks = [...links.values()].sort(
    (a, b) => compareText(a.fromArea, b.fromArea) || compareText(a.toArea, b.toArea),
  );
  const graph: ElkNode = grouped
    ? {
        id: 'root',
        layoutOptions: { ...layoutOptions(areaNames.length), ...ROOT_COORDINATES },
        children: areaNames.map((area) => {
          const members = nodes.flatMap((node, index) =>
            areaOf(index) === area ? [elkNode(node, index)] : [],
          );
          return {
            id: areaIds.get(area)!,
            layoutOptions: {
              ...layoutOptions(members.length),
              'elk.padding': `[top=${AREA_LABEL_SPACE + MARGIN / 2},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`,
            },
            children: members,
            edges: innerEdges.get(area) ?? [],
          };
        }),
        edges: sortedLinks.map((link, index) => ({
          id: `l${index}`,
          sources: [areaIds.get(link.toArea)!],
          targets: [areaIds.get(link.fromArea)!],
        })),
      }
    : {
        id: 'root',
        layoutOptions: { ...layoutOptions(entities.length), ...ROOT_COORDINATES },
        children: inOrder.map((index) => elkNode(nodes[index]!, index)),
        edges: innerEdges.get(NO_AREA) ?? [],
      };
  const ELK = elk();
  const result = await new ELK().layout(graph);

  const laid: Point[] = [];
  const routes = new Map<string, Point[]>();
  const frames: AreaFrame[] = [];
  const collect = (node: ElkNode) => {
    for (const edge of (node.edges ?? []) as ElkExtendedEdge[]) {
      const section = edge.sections?.[0];
      if (section)
        routes.set(
          edge.id,
          [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]
            .map((p) => ({ x: round(p.x), y: round(p.y) }))
            .reverse(),
        );
    }
    for (const child of node.children ?? []) {
      if (child.id.startsWith('n'))
        laid[Number(child.id.slice(1))] = { x: round(child.x ?? 0), y: round(child.y ?? 0) };
      else {
        frames.push({
          area: areaNames[Number(child.id.slice(1))]!,
          x: round(child.x ?? 0),
          y: round(child.y ?? 0),
          width: round(child.width ?? 0),
          height: round(child.height ?? 0),
        });
        collect(child);
      }
    }
  };
  collect(result);
  const boxes = placeBoxes(nodes, laid, settings.pins ?? {});
  const moved = (index: number) => boxes[index]!.x !== laid[index]!.x || boxes[index]!.y !== laid[index]!.y;
  const anyMoved = boxes.some((_, index) => moved(index));
  const edges: RoutedEdge[] = [];
  relationships.forEach((relationship, index) => {
    const [from, to] = endsOf(relationship);
    if (areaOf(from) !== areaOf(to)) return;
    const points = routes.get(`r${index}`);
    // A box moved onto elk's route (a pinned one) makes the route a connector's business.
    if (points && !moved(from) && !moved(to) && (!anyMoved || !crossesMovedBox(points, boxes, laid)))
      edges.push({ relationship, points, routing: 'elk' });
    else
      edges.push({
        relationship,
        points: connector(boxes[from]!, boxes[to]!, relationship, nodes, indexOf),
        routing: 'connector',
      });
  });
  const areaLinks = sortedLinks.map((link, index) => ({ ...link, points: routes.get(`l${index}`) ?? [] }));
  // Pinned boxes may leave their area's frame: the frame grows to hold them.
  const areas = anyMoved ? frames.map((frame) => fitFrame(frame, boxes, areaOf)) : frames;
  const extent = (pick: (p: Point) => number, sizes: number[]) =>
    Math.ceil(
      Math.max(
        MARGIN,
        ...sizes,
        ...edges.flatMap((edge) => edge.points.map(pick)),
        ...areaLinks.flatMap((link) => link.points.map(pick)),
      ) + MARGIN,
    );
  return {
    width: extent((p) => p.x, [...boxes.map((b) => b.x + b.width), ...areas.map((a) => a.x + a.width)]),
    height: extent((p) => p.y, [...boxes.map((b) => b.y + b.height), ...areas.map((a) => a.y + a.height)]),
    boxes,
    edges,
    areas,
    areaLinks,
  };
}

/**
 * The order elk is asked to keep: entities that reference nothing first (by id), each followed,
 * depth first, by the entities referencing it (by id). Parents and children stay near each other in
 * it, so keeping it costs few crossings, and a new table slips in beside the table it references
 * without reordering the others. Returns each entity's rank.
 */
function structuralOrder(count: number, ends: [from: number, to: number][]): number[] {
  const referencing: number[][] = Array.from({ length: count }, () => []);
  const referencesOther = new Uint8Array(count);
  for (const [from, to] of ends) {
    if (from === to) continue;
    referencing[to]!.push(from);
    referencesOther[from] = 1;
  }
  for (const list of referencing) list.sort((a, b) => a - b);
  const rank = new Array<number>(count).fill(-1);
  let next = 0;
  const visit = (start: number) => {
    const stack = [start];
    while (stack.length > 0) {
      const index = stack.pop()!;
      if (rank[index] !== -1) continue;
      rank[index] = next++;
      const children = referencing[index]!;
      for (let k = children.length - 1; k >= 0; k--) if (rank[children[k]!] === -1) stack.push(children[k]!);
    }
  };
  for (let index = 0; index < count; index++) if (!referencesOther[index]) visit(index);
  for (let index = 0; index < count; index++) visit(index);
  return rank;
}

const ROOT_COORDINATES: LayoutOptions = { 'elk.json.edgeCoords': 'ROOT', 'elk.json.shapeCoords': 'ROOT' };

function fitFrame(frame: AreaFrame, boxes: PlacedBox[], areaOf: (index: number) => string): AreaFrame {
  const members = boxes.filter((_, index) => areaOf(index) === frame.area);
  if (members.length === 0) return frame;
  const x = Math.min(...members.map((b) => b.x)) - MARGIN;
  const y = Math.min(...members.map((b) => b.y)) - AREA_LABEL_SPACE - MARGIN / 2;
  return {
    area: frame.area,
    x,
    y,
    width: Math.max(...members.map((b) => b.x + b.width)) + MARGIN - x,
    height: Math.max(...members.map((b) => b.y + b.height)) + MARGIN - y,
  };
}

/**
 * Pinned boxes go to their pins; the others stay where elk put them unless that overlaps a box
 * already placed, in which case they move down below it until they are clear.
 */
function placeBoxes(nodes: NodeInput[], laid: Point[], pins: LayoutPins): PlacedBox[] {
  const boxes: PlacedBox[] = nodes.map((node, index) => {
    const pin = Object.hasOwn(pins, node.entity.id) ? pins[node.entity.id] : undefined;
    const at = pin ? { x: round(pin.x), y: round(pin.y) } : laid[index]!;
    return {
      entity: node.entity,
      ...at,
      width: node.shape.width,
      height: node.shape.height,
      shape: node.shape,
      pinned: pin !== undefined,
    };
  });
  if (boxes.every((box) => !box.pinned)) return boxes;
  const placed = boxes.filter((box) => box.pinned);
  for (const box of boxes) {
    if (box.pinned) continue;
    for (;;) {
      const hit = placed.find((other) => overlaps(box, other, MARGIN / 2));
      if (!hit) break;
      box.y = hit.y + hit.height + MARGIN;
    }
    placed.push(box);
  }
  return boxes;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function overlaps(a: Rect, b: Rect, gap = 0): boolean {
  return (
    a.x < b.x + b.width + gap &&
    b.x < a.x + a.width + gap &&
    a.y < b.y + b.height + gap &&
    b.y < a.y + a.height + gap
  );
}

/** Whether an axis-parallel segment passes through the inside of a box (touching its border is not). */
export function segmentCrossesBox(p: Point, q: Point, box: Rect, tolerance = 0.5): boolean {
  const left = box.x + tolerance;
  const right = box.x + box.width - tolerance;
  const top = box.y + tolerance;
  const bottom = box.y + box.height - tolerance;
  const minX = Math.min(p.x, q.x);
  const maxX = Math.max(p.x, q.x);
  const minY = Math.min(p.y, q.y);
  const maxY = Math.max(p.y, q.y);
  return minX < right && maxX > left && minY < bottom && maxY > top;
}

function crossesMovedBox(points: Point[], boxes: PlacedBox[], laid: Point[]): boolean {
  return boxes.some(
    (box, i) =>
      (box.x !== laid[i]!.x || box.y !== laid[i]!.y) &&
      points.some((p, k) => k > 0 && segmentCrossesBox(points[k - 1]!, p, box)),
  );
}

/** A plain orthogonal connector between the rows of the two boxes, leaving each on its facing side. */
function connector(
  from: PlacedBox,
  to: PlacedBox,
  relationship: DiagramRelationship,
  nodes: NodeInput[],
  indexOf: Map<string, number>,
): Point[] {
  const fromY = from.y + rowY(nodes[indexOf.get(from.entity.id)!]!, relationship.fromColumns[0]);
  const toY = to.y + rowY(nodes[indexOf.get(to.entity.id)!]!, relationship.toColumns[0]);
  if (from.x + from.width + 2 * CONNECTOR_RUN <= to.x || to.x + to.width + 2 * CONNECTOR_RUN <= from.x) {
    const rightward = from.x < to.x;
    const start = { x: rightward ? from.x + from.width : from.x, y: fromY };
    const end = { x: rightward ? to.x : to.x + to.width, y: toY };
    const middle = round((start.x + end.x) / 2);
    return [start, { x: middle, y: start.y }, { x: middle, y: end.y }, end];
  }
  // Boxes one above the other (or the same box): out of both right sides and round.
  const outside = round(Math.max(from.x + from.width, to.x + to.width) + CONNECTOR_RUN);
  const start = { x: from.x + from.width, y: fromY };
  const end = { x: to.x + to.width, y: toY };
  return [start, { x: outside, y: start.y }, { x: outside, y: end.y }, end];
}
