import { describe, expect, it } from 'vitest';
import { highlightedBoxes, searchAnalysis } from './search';
import { buildVisibleGraph, runId } from '../../../lib/layout/visible-graph';
import { tinyAnalysis } from '../../../lib/layout/fixture.test-data';

describe('graph search', () => {
  const a = tinyAnalysis();
  it('matches module names, paper names and layer labels, case-insensitively', () => {
    expect(searchAnalysis(a, 'MODULE (2)').map((h) => h.id)).toEqual(['M2']);
    expect(searchAnalysis(a, '3×3 conv').map((h) => h.id)).toEqual(['conv1']);
    expect(searchAnalysis(a, 'm2').map((h) => h.id)).toEqual(['M2', 'M2/a/c', 'M2/b/c', 'M2/concat']);
    expect(searchAnalysis(a, '  ')).toEqual([]);
  });
  it('lights the box that shows a hit: the folded run, then the module, then the layer', () => {
    const hits = searchAnalysis(a, 'M2/a');
    const folded = buildVisibleGraph(a, { expanded: new Set(), unfolded: new Set(), showAux: false });
    expect([...highlightedBoxes(folded, a, hits)]).toEqual([runId('M1')]);
    const unfolded = buildVisibleGraph(a, {
      expanded: new Set(),
      unfolded: new Set([runId('M1')]),
      showAux: false,
    });
    expect([...highlightedBoxes(unfolded, a, hits)]).toEqual(['M2']);
    const open = buildVisibleGraph(a, {
      expanded: new Set(['M2']),
      unfolded: new Set([runId('M1')]),
      showAux: false,
    });
    expect([...highlightedBoxes(open, a, hits)]).toEqual(['M2/a/c']);
  });
});
