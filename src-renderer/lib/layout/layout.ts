/**
 * Lays out a VGraph with elkjs (layered, top to bottom), bottom-up: every open container's interior
 * is one small ELK call, cached by its structure (Inception-ResNet-v2's 40 blocks share a handful of
 * shapes), then the top level is laid out with containers as fixed-size boxes.
 * Pure apart from the ELK instance it is given, so it runs in the worker, in Node tests and benches.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { boxSize, edgeLabelSize, PAD, type Measure } from './measure';
import type { VEdge, VGraph, VNode } from './visible-graph';

export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export interface LNode extends VNode {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LEdge extends VEdge {
  points: [number, number][];
  /** Label box (top-left corner and size). */
  lx: number;
  ly: number;
  lw: number;
  lh: number;
}

export interface GraphLayout {
  nodes: LNode[];
  edges: LEdge[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  direction?: 'DOWN' | 'UP';
  /** Draw tensor shapes on edges (figures may turn them off). */
  edgeLabels?: boolean;
  layerGap?: number;
  nodeGap?: number;
  /**
   * Wrap a long top level into side-by-side columns aiming at this width/height ratio (ELK's
   * layered wrapping). Interiors never wrap.
   */
  wrap?: number;
}

interface Rel {
  w: number;
  h: number;
  nodes: { x: number; y: number }[];
  edges: { points: [number, number][]; lx: number; ly: number }[];
}

/** Promises, not results: identical interiors laid out concurrently share one ELK call. */
const cache = new Map<string, Promise<Rel>>();
/** Height of the band under (or, drawn upwards, above) each box where its output tensor is labelled. */
const LABEL_BAND = 16;
const CACHE_MAX = 400;

function elkOptions(o: LayoutOptions): Record<string, string> {
  const wrap: Record<string, string> = o.wrap
    ? {
        'elk.layered.wrapping.strategy': 'MULTI_EDGE',
        'elk.aspectRatio': String(o.wrap),
        'elk.layered.wrapping.additionalEdgeSpacing': '20',
      }
    : {};
  return {
    ...wrap,
    'elk.algorithm': 'layered',
    'elk.direction': o.direction ?? 'DOWN',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.layered.spacing.nodeNodeBetweenLayers': String(o.layerGap ?? 36),
    'elk.spacing.nodeNode': String(o.nodeGap ?? 16),
    'elk.spacing.edgeNode': '10',
    'elk.spacing.edgeEdge': '8',
    // Horizontal edge segments keep LABEL_BAND px away from the nodes: the tail labels live there.
    'elk.layered.spacing.edgeNodeBetweenLayers': String(LABEL_BAND),
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    // Layers as close to the input as they can be: a one-layer branch sits beside the other branches' first layers, as in the papers' figures.
    'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
    'elk.padding': '[top=0,left=0,bottom=0,right=0]',
  };
}

/** Lays out one flat graph (given sizes), returning positions relative to its own origin. */
async function layoutFlat(
  elk: ElkLike,
  sizes: { w: number; h: number }[],
  edges: { s: number; t: number }[],
  o: LayoutOptions,
): Promise<Rel> {
  const key = JSON.stringify([o.direction, o.layerGap, o.nodeGap, o.wrap, sizes, edges]);
  const hit = cache.get(key);
  if (hit) return hit;
  const p = runElk(elk, sizes, edges, o);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  return p;
}

async function runElk(
  elk: ElkLike,
  sizes: { w: number; h: number }[],
  edges: { s: number; t: number }[],
  o: LayoutOptions,
): Promise<Rel> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: elkOptions(o),
    children: sizes.map((s, i) => ({ id: `n${i}`, width: s.w, height: s.h })),
    // No ELK edge labels: they cost more than the rest of the layout together (measured 2.6× on a
    // Reduction-B interior). Labels sit at the tail of each edge instead, in the gap reserved below.
    edges: edges.map((e, i): ElkExtendedEdge => ({
      id: `e${i}`,
      sources: [`n${e.s}`],
      targets: [`n${e.t}`],
    })),
  };
  const out = await elk.layout(graph);
  const byId = new Map((out.children ?? []).map((c) => [c.id, c]));
  const rel: Rel = {
    w: out.width ?? 0,
    h: out.height ?? 0,
    nodes: sizes.map((_, i) => {
      const c = byId.get(`n${i}`)!;
      return { x: c.x ?? 0, y: c.y ?? 0 };
    }),
    edges: (out.edges ?? []).map((e) => {
      const sec = e.sections?.[0];
      const pts: [number, number][] = sec
        ? [
            [sec.startPoint.x, sec.startPoint.y],
            ...(sec.bendPoints ?? []).map((p): [number, number] => [p.x, p.y]),
            [sec.endPoint.x, sec.endPoint.y],
          ]
        : [];
      return { points: pts, lx: 0, ly: 0 };
    }),
  };
  return rel;
}

/** Full layout of a visible graph, in absolute coordinates. */
export async function layoutGraph(
  elk: ElkLike,
  g: VGraph,
  measure: Measure,
  o: LayoutOptions = {},
): Promise<GraphLayout> {
  const labels = o.edgeLabels ?? true;
  const top = g.nodes.filter((n) => !n.parent);
  const byContainer = new Map<string, VNode[]>();
  for (const n of g.nodes) {
    if (!n.parent) continue;
    if (!byContainer.has(n.parent)) byContainer.set(n.parent, []);
    byContainer.get(n.parent)!.push(n);
  }
  const edgesIn = new Map<string | undefined, VEdge[]>();
  for (const e of g.edges) {
    if (!edgesIn.has(e.parent)) edgesIn.set(e.parent, []);
    edgesIn.get(e.parent)!.push(e);
  }
  const labelOf = (e: VEdge) => (labels && e.label ? edgeLabelSize(e.label, measure) : undefined);

  const inner: LayoutOptions = { ...o, wrap: undefined };
  const flat = (nodes: VNode[], sizes: { w: number; h: number }[], es: VEdge[], lo: LayoutOptions) => {
    const idx = new Map(nodes.map((n, i) => [n.id, i]));
    const list = es
      .filter((e) => idx.has(e.source) && idx.has(e.target))
      .map((e) => ({ s: idx.get(e.source)!, t: idx.get(e.target)!, label: labelOf(e), e }));
    return {
      list,
      run: () =>
        layoutFlat(
          elk,
          sizes,
          list.map(({ s, t }) => ({ s, t })),
          lo,
        ),
    };
  };

  // Interiors first: their sizes fix the containers' sizes.
  const interiors = new Map<
    string,
    { nodes: VNode[]; sizes: { w: number; h: number }[]; rel: Rel; es: VEdge[] }
  >();
  await Promise.all(
    [...byContainer].map(async ([cid, nodes]) => {
      const sizes = nodes.map((n) => boxSize(n, measure));
      const f = flat(nodes, sizes, edgesIn.get(cid) ?? [], inner);
      const rel = await f.run();
      interiors.set(cid, { nodes, sizes, rel, es: f.list.map((x) => x.e) });
    }),
  );
  const headerW = (n: VNode) =>
    Math.ceil(measure(n.label, 12, true) + (n.sub ? measure(n.sub, 10) + 12 : 0) + 2 * PAD.container);
  const topSizes = top.map((n) => {
    const inner = interiors.get(n.id);
    if (!inner) return boxSize(n, measure);
    return {
      w: Math.max(inner.rel.w + 2 * PAD.container, headerW(n)),
      h: inner.rel.h + PAD.header + PAD.container,
    };
  });
  const tf = flat(top, topSizes, edgesIn.get(undefined) ?? [], o);
  const topRel = await tf.run();

  const nodes: LNode[] = [];
  const edges: LEdge[] = [];
  const up = o.direction === 'UP';
  // One label per tail: the edges leaving a box all carry its output tensor. A folded run's edges
  // carry different tensors (its modules' outputs): their labels stack instead of overlapping.
  const labelled = new Set<string>();
  const placed = new Map<string, { x: number; y: number; w: number; h: number }[]>();
  const pushEdges = (es: VEdge[], rel: Rel, dx: number, dy: number) => {
    es.forEach((e, i) => {
      const r = rel.edges[i];
      const points = r.points.map(([x, y]): [number, number] => [x + dx, y + dy]);
      const size = labelOf(e);
      const tail = `${e.source}|${e.label}`;
      const show = !!size && points.length > 0 && !labelled.has(tail);
      if (show) labelled.add(tail);
      const [sx, sy] = points[0] ?? [0, 0];
      const h = size?.h ?? 0;
      const box = { x: sx + 3, y: up ? sy - 1 - h : sy + 1, w: show ? size!.w : 0, h: show ? h : 0 };
      if (show) {
        const others = placed.get(e.source) ?? [];
        const hits = (b: typeof box) =>
          others.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
        while (hits(box)) box.y += up ? -h : h;
        others.push({ ...box });
        placed.set(e.source, others);
      }
      edges.push({ ...e, points, lx: box.x, ly: box.y, lw: box.w, lh: box.h });
    });
  };
  top.forEach((n, i) => {
    const p = topRel.nodes[i];
    nodes.push({ ...n, x: p.x, y: p.y, w: topSizes[i].w, h: topSizes[i].h });
  });
  pushEdges(
    tf.list.map((x) => x.e),
    topRel,
    0,
    0,
  );
  top.forEach((n, i) => {
    const inner = interiors.get(n.id);
    if (!inner) return;
    const p = topRel.nodes[i];
    // Centre the interior in the container when the header is wider than the content.
    const dx = p.x + (topSizes[i].w - inner.rel.w) / 2;
    const dy = p.y + PAD.header;
    inner.nodes.forEach((c, j) => {
      const q = inner.rel.nodes[j];
      nodes.push({ ...c, x: q.x + dx, y: q.y + dy, w: inner.sizes[j].w, h: inner.sizes[j].h });
    });
    pushEdges(inner.es, inner.rel, dx, dy);
  });
  return { nodes, edges, width: topRel.w, height: topRel.h };
}
