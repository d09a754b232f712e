/**
 * Which boxes the graph shows for a given expand/fold state. Pure: Analysis + ViewState → VGraph.
 *
 * Two levels only: top-level items (inputs, collapsed modules, folded runs "×N", aux heads, and
 * containers for expanded modules/heads) and the interior of each container (layers, concat, add).
 * Edges that cross into a container end at the container on the outside and start at the container's
 * input anchor on the inside; that keeps every layout call small and cacheable (see layout.ts).
 */
import type { AnalysedGroup, AnalysedNode, Analysis, Shape } from '../../../src-main/shared/analysis-types';
import { nodeLabel, shortName } from '../draw/labels';
import { formatShape } from '../format';

export interface ViewState {
  /** Module and aux-head group ids shown expanded. */
  expanded: ReadonlySet<string>;
  /** Run ids (see runId) shown as separate modules. */
  unfolded: ReadonlySet<string>;
  /** Training graph: show the auxiliary heads. */
  showAux: boolean;
}

export type VKind = 'node' | 'module' | 'run' | 'aux' | 'anchor';

export interface VNode {
  id: string;
  kind: VKind;
  /** Container id when drawn inside an expanded module or head. */
  parent?: string;
  /** For module/aux: drawn as an open container. */
  open?: boolean;
  /** Can be expanded (modules with more than one node, runs, heads). */
  expandable: boolean;
  label: string;
  sub?: string;
  outShape: Shape;
  aux: boolean;
  /** Analysis node ids this box stands for. */
  members: string[];
  /** For runs: the module group ids, in order. */
  modules?: string[];
}

export interface VEdge {
  id: string;
  source: string;
  target: string;
  /** The tensor on the edge, "17×17×768". */
  label: string;
  /** Container id for interior edges; undefined at top level. */
  parent?: string;
  aux: boolean;
}

export interface VGraph {
  /** Top-level items first, in model order, then interiors grouped by container. */
  nodes: VNode[];
  edges: VEdge[];
  /** Analysis node id → id of the box that shows it (absent when hidden). */
  shownAs: Map<string, string>;
}

export interface Run {
  id: string;
  type: string;
  modules: AnalysedGroup[];
}

export const runId = (firstModuleId: string) => `run:${firstModuleId}`;
export const anchorId = (containerId: string) => `${containerId}::in`;

/**
 * Modules in spec order, grouped into runs of consecutive modules of the same type within a stage.
 * One-layer modules (stem convs, pools) never fold: "conv ×2" would hide two different layers.
 */
export function moduleRuns(a: Analysis): Run[] {
  const byName = new Map<string, AnalysedGroup>();
  for (const g of a.groups) if (g.kind === 'module') byName.set(g.name, g);
  const runs: Run[] = [];
  for (const stage of a.spec.stages) {
    let cur: Run | undefined;
    for (const m of stage.modules) {
      const g = byName.get(m.name);
      if (!g) continue;
      if (cur && cur.type === m.type && g.nodes.length > 1) cur.modules.push(g);
      else {
        cur = { id: runId(g.id), type: m.type, modules: [g] };
        runs.push(cur);
      }
    }
  }
  return runs;
}

/** Analysis node id → module group id and aux group id, from the groups' deep node lists. */
export function membership(a: Analysis): { moduleOf: Map<string, string>; auxOf: Map<string, string> } {
  const moduleOf = new Map<string, string>();
  const auxOf = new Map<string, string>();
  for (const g of a.groups) {
    if (g.kind === 'module') for (const n of g.nodes) moduleOf.set(n, g.id);
    if (g.kind === 'aux') for (const n of g.nodes) auxOf.set(n, g.id);
  }
  return { moduleOf, auxOf };
}

export function auxCaption(a: Analysis, g: AnalysedGroup): string {
  const head = a.spec.aux.find((h) => h.name === g.name);
  return `training only · loss weight ${head ? head.lossWeight : '?'}`;
}

function moduleBox(a: Analysis, g: AnalysedGroup, open: boolean, nodes: AnalysedNode[]): VNode {
  const single = g.nodes.length === 1 ? nodes[0] : undefined;
  const paper = g.paperName ?? g.name;
  if (single) {
    // A one-layer module (stem convs, pools) reads as its layer.
    return {
      id: g.id,
      kind: 'module',
      expandable: false,
      label: nodeLabel(single),
      sub: paper,
      outShape: g.outShape,
      aux: false,
      members: [...g.nodes],
    };
  }
  const sub = paper !== g.name ? g.name : g.type && g.type !== paper ? g.type : undefined;
  return {
    id: g.id,
    kind: 'module',
    open,
    expandable: true,
    label: paper,
    ...(sub ? { sub } : {}),
    outShape: g.outShape,
    aux: false,
    members: [...g.nodes],
  };
}

export function buildVisibleGraph(a: Analysis, s: ViewState): VGraph {
  const nodeById = new Map(a.nodes.map((n) => [n.id, n]));
  const groupById = new Map(a.groups.map((g) => [g.id, g]));
  const { moduleOf, auxOf } = membership(a);
  const top: VNode[] = [];
  const inner: VNode[] = [];
  const shownAs = new Map<string, string>();
  const containerOf = new Map<string, string>();

  const addInterior = (container: string, members: string[], aux: boolean) => {
    inner.push({
      id: anchorId(container),
      kind: 'anchor',
      parent: container,
      expandable: false,
      label: '',
      outShape: [],
      aux,
      members: [],
    });
    for (const id of members) {
      const n = nodeById.get(id)!;
      inner.push({
        id,
        kind: 'node',
        parent: container,
        expandable: false,
        label: nodeLabel(n),
        outShape: n.outShape,
        aux,
        members: [id],
      });
      shownAs.set(id, id);
      containerOf.set(id, container);
    }
  };

  // Top-level order follows the topological node order: the first node of each item places it.
  const runs = moduleRuns(a);
  const runOfModule = new Map<string, Run>();
  for (const r of runs) if (r.modules.length > 1) for (const m of r.modules) runOfModule.set(m.id, r);
  const placed = new Set<string>();
  for (const n of a.nodes) {
    const auxG = auxOf.get(n.id);
    if (auxG) {
      if (!s.showAux || placed.has(auxG)) continue;
      placed.add(auxG);
      const g = groupById.get(auxG)!;
      const open = s.expanded.has(auxG);
      top.push({
        id: auxG,
        kind: 'aux',
        open,
        expandable: true,
        label: g.paperName ?? g.name,
        sub: auxCaption(a, g),
        outShape: g.outShape,
        aux: true,
        members: [...g.nodes],
      });
      if (open) addInterior(auxG, g.nodes, true);
      else for (const m of g.nodes) shownAs.set(m, auxG);
      continue;
    }
    const modId = moduleOf.get(n.id);
    if (!modId) {
      top.push({
        id: n.id,
        kind: 'node',
        expandable: false,
        label: nodeLabel(n),
        outShape: n.outShape,
        aux: false,
        members: [n.id],
      });
      shownAs.set(n.id, n.id);
      continue;
    }
    const run = runOfModule.get(modId);
    if (run && !s.unfolded.has(run.id)) {
      if (placed.has(run.id)) continue;
      placed.add(run.id);
      const first = run.modules[0];
      const last = run.modules[run.modules.length - 1];
      const members = run.modules.flatMap((m) => m.nodes);
      top.push({
        id: run.id,
        kind: 'run',
        expandable: true,
        label: `${run.type} ×${run.modules.length}`,
        sub: `${first.paperName ?? first.name} … ${last.paperName ?? last.name}`,
        outShape: last.outShape,
        aux: false,
        members,
        modules: run.modules.map((m) => m.id),
      });
      for (const m of members) shownAs.set(m, run.id);
      continue;
    }
    if (placed.has(modId)) continue;
    placed.add(modId);
    const g = groupById.get(modId)!;
    const members = g.nodes.map((id) => nodeById.get(id)!);
    const box = moduleBox(a, g, s.expanded.has(modId), members);
    top.push(box);
    if (box.open) addInterior(modId, g.nodes, false);
    else for (const m of g.nodes) shownAs.set(m, modId);
  }

  const edges: VEdge[] = [];
  const seen = new Set<string>();
  const addEdge = (source: string, target: string, shape: Shape, aux: boolean, parent?: string) => {
    const id = `${source}->${target}`;
    if (seen.has(id)) return;
    seen.add(id);
    edges.push({ id, source, target, label: formatShape(shape), aux, ...(parent ? { parent } : {}) });
  };
  const topOf = (visId: string) => containerOf.get(visId) ?? visId;
  for (const n of a.nodes) {
    const dst = shownAs.get(n.id);
    if (!dst) continue;
    const aux = auxOf.has(n.id);
    for (const inputId of n.inputs) {
      const src = shownAs.get(inputId);
      if (!src || src === dst) continue;
      const shape = nodeById.get(inputId)?.outShape ?? [];
      const cs = containerOf.get(src);
      const cd = containerOf.get(dst);
      if (cd && cs === cd) {
        addEdge(src, dst, shape, aux, cd);
        continue;
      }
      // The tensor is labelled where it enters the container; the fan-out inside repeats it, so no label.
      if (cd) addEdge(anchorId(cd), dst, [], aux, cd);
      if (topOf(src) !== topOf(dst)) addEdge(topOf(src), topOf(dst), shape, aux);
    }
  }
  return { nodes: [...top, ...inner], edges, shownAs };
}

export { shortName };
