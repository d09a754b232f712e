import { describe, expect, it } from 'vitest';
import { anchorId, buildVisibleGraph, moduleRuns, runId } from './visible-graph';
import { tinyAnalysis } from './fixture.test-data';

const state = (expanded: string[] = [], unfolded: string[] = [], showAux = false) => ({
  expanded: new Set(expanded),
  unfolded: new Set(unfolded),
  showAux,
});

describe('visible graph', () => {
  const a = tinyAnalysis();

  it('groups consecutive modules of one type into runs', () => {
    const runs = moduleRuns(a).map((r) => [r.type, r.modules.map((m) => m.id)]);
    expect(runs).toEqual([
      ['conv', ['conv1']],
      ['M', ['M1', 'M2']],
      ['R', ['R1']],
      ['fc', ['fc']],
    ]);
  });

  it('starts collapsed: one box per module, a folded ×2 run, edges labelled with shapes', () => {
    const g = buildVisibleGraph(a, state());
    expect(g.nodes.map((n) => n.id)).toEqual(['input', 'conv1', runId('M1'), 'R1', 'fc']);
    const run = g.nodes[2];
    expect(run.label).toBe('M ×2');
    expect(run.sub).toBe('module (1) … module (2)');
    // single-layer module reads as its layer
    expect(g.nodes[1].label).toBe('3×3 conv, 8');
    expect(g.edges.map((e) => [e.source, e.target, e.label])).toEqual([
      ['input', 'conv1', '8×8×3'],
      ['conv1', runId('M1'), '8×8×8'],
      [runId('M1'), 'R1', '8×8×8'],
      ['R1', 'fc', '8×8×8'],
    ]);
  });

  it('expands a module in place: anchor, layers and interior edges', () => {
    const g = buildVisibleGraph(a, state(['M2'], [runId('M1')]));
    const inner = g.nodes.filter((n) => n.parent === 'M2').map((n) => n.id);
    expect(inner).toEqual([anchorId('M2'), 'M2/a/c', 'M2/b/c', 'M2/concat']);
    const ids = g.edges.map((e) => `${e.source}>${e.target}${e.parent ? '@' + e.parent : ''}`);
    expect(ids).toContain('M1>M2');
    expect(ids).toContain(`${anchorId('M2')}>M2/a/c@M2`);
    expect(ids).toContain('M2/a/c>M2/concat@M2');
    expect(ids).toContain('M2>R1');
    expect(g.shownAs.get('M2/a/c')).toBe('M2/a/c');
    expect(g.shownAs.get('M1/a/c')).toBe('M1');
  });

  it('draws the residual shortcut from the anchor to the add', () => {
    const g = buildVisibleGraph(a, state(['R1']));
    const ids = g.edges.filter((e) => e.parent === 'R1').map((e) => `${e.source}>${e.target}`);
    expect(ids.sort()).toEqual(
      [`${anchorId('R1')}>R1/add`, `${anchorId('R1')}>R1/body/c`, 'R1/body/c>R1/add'].sort(),
    );
    expect(g.nodes.find((n) => n.id === 'R1/add')!.label).toBe('+ (scale 0.2)');
  });

  it('shows aux heads only in training mode, dashed-edge flagged and captioned', () => {
    expect(buildVisibleGraph(a, state()).nodes.some((n) => n.aux)).toBe(false);
    const g = buildVisibleGraph(a, state([], [runId('M1')], true));
    const head = g.nodes.find((n) => n.id === 'aux1')!;
    expect(head.sub).toBe('training only · loss weight 0.3');
    const e = g.edges.find((x) => x.target === 'aux1')!;
    expect([e.source, e.aux, e.label]).toEqual(['M1', true, '8×8×8']);
  });
});
