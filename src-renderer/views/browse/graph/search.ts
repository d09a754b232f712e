/** Search by layer or module name: which analysis nodes and groups match, and which boxes to light. */
import type { Analysis } from '../../../../src-main/shared/analysis-types';
import { nodeLabel } from '../../../lib/draw/labels';
import type { VGraph } from '../../../lib/layout/visible-graph';

export interface SearchHit {
  /** Analysis node id or module/aux group id. */
  id: string;
  kind: 'node' | 'group';
  text: string;
}

/** Case-insensitive substring match on ids, names, paper names, types and paper-style labels. */
export function searchAnalysis(a: Analysis, query: string): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: SearchHit[] = [];
  for (const g of a.groups) {
    if (g.kind !== 'module' && g.kind !== 'aux') continue;
    if (g.nodes.length === 1 && g.nodes[0] === g.id) continue; // one-layer module: matched as its node
    const text = [g.id, g.paperName, g.type].filter(Boolean).join(' · ');
    if (text.toLowerCase().includes(q)) hits.push({ id: g.id, kind: 'group', text });
  }
  for (const n of a.nodes) {
    const label = nodeLabel(n);
    const text = `${n.id} · ${label}`;
    if (text.toLowerCase().includes(q)) hits.push({ id: n.id, kind: 'node', text });
  }
  return hits;
}

/** Ids of the drawn boxes that show the hits (a hit inside a collapsed module lights the module). */
export function highlightedBoxes(g: VGraph, a: Analysis, hits: readonly SearchHit[]): Set<string> {
  const out = new Set<string>();
  const groups = new Map(a.groups.map((x) => [x.id, x]));
  const drawn = new Set(g.nodes.map((n) => n.id));
  for (const h of hits) {
    if (h.kind === 'node') {
      const v = g.shownAs.get(h.id);
      if (v) out.add(v);
      continue;
    }
    if (drawn.has(h.id)) out.add(h.id);
    else {
      const first = groups.get(h.id)?.nodes[0];
      const v = first ? g.shownAs.get(first) : undefined;
      if (v) out.add(g.nodes.find((n) => n.id === v)?.parent ?? v);
    }
  }
  return out;
}
