// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutGraph } from '../layout/layout';
import { estimateWidth } from '../layout/measure';
import { buildVisibleGraph, runId } from '../layout/visible-graph';
import { tinyAnalysis } from '../layout/fixture.test-data';
import { buildScene } from './scene';
import { esc, sceneToSvg } from './svg-export';

describe('SVG export', () => {
  it('is a standalone SVG document that parses and carries every box label', async () => {
    const a = tinyAnalysis();
    const g = buildVisibleGraph(a, {
      expanded: new Set(['M1']),
      unfolded: new Set([runId('M1')]),
      showAux: true,
    });
    const l = await layoutGraph(new ELK(), g, estimateWidth);
    const svg = sceneToSvg(buildScene(l), {
      title: 'Tiny & small',
      header: '<text x="1" y="1">h</text>',
      headerHeight: 30,
    });
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const root = doc.documentElement;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    // Self-contained: no stylesheets, scripts, images or external references.
    expect(svg).not.toMatch(/<style|<script|<image|href=/);
    const texts = [...doc.getElementsByTagName('text')].map((t) => t.textContent);
    for (const label of [
      '3×3 conv, 8',
      '1×1 conv, 4',
      'filter concat',
      'module (2)',
      'aux1',
      'training only · loss weight 0.3',
      '8×8×8',
    ]) {
      expect(texts).toContain(label);
    }
    expect(doc.getElementsByTagName('title')[0].textContent).toBe('Tiny & small');
    // arrowheads are defined in the document itself
    expect(doc.getElementById('arrow')).not.toBeNull();
    expect(doc.getElementById('arrow-aux')).not.toBeNull();
    // aux edges are dashed
    expect(svg).toMatch(/stroke-dasharray="5 3" marker-end="url\(#arrow-aux\)"/);
  });
  it('escapes text', () => {
    expect(esc('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  });
});
