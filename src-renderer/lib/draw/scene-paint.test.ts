/** A figure's own colours reach the drawn boxes; without them boxes keep the graph's grid colours. */
import { describe, expect, it } from 'vitest';
import type { GraphLayout, LNode } from '../layout/layout';
import { buildScene, glyphShapes } from './scene';
import { gridColour, OP_COLOURS, opLegend } from './colours';

const node = (id: string, outShape: number[]): LNode => ({
  id,
  kind: 'node',
  expandable: false,
  label: id,
  outShape,
  aux: false,
  members: [id],
  x: 0,
  y: 0,
  w: 80,
  h: 24,
});
const layout: GraphLayout = {
  nodes: [node('conv', [35, 35, 64]), node('lin', [35, 35, 384])],
  edges: [],
  width: 100,
  height: 60,
} as GraphLayout;

const boxRect = (g: ReturnType<typeof buildScene>['glyphs'][number]) =>
  glyphShapes(g).find((s) => s.t === 'rect') as { fill: string; stroke: string; dash?: string };

describe('scene paint', () => {
  it('colours by grid without a painter (the graph view)', () => {
    const r = boxRect(buildScene(layout).glyphs[0]);
    expect(r.fill).toBe(gridColour(35).fill);
  });
  it("uses the painter's colours and dashes a flagged box", () => {
    const s = buildScene(layout, (n) =>
      n.id === 'conv' ? OP_COLOURS.conv : { ...OP_COLOURS.linear, flag: true },
    );
    const [conv, lin] = s.glyphs.map(boxRect);
    expect(conv).toMatchObject({ fill: OP_COLOURS.conv.fill, stroke: OP_COLOURS.conv.stroke });
    expect(conv.dash).toBeUndefined();
    expect(lin).toMatchObject({ fill: OP_COLOURS.linear.fill, dash: '4 2' });
  });
  it('orders the key and lists each operation once', () => {
    expect(opLegend(['concat', 'conv', 'conv', 'input', 'add'])).toEqual(['input', 'conv', 'concat', 'add']);
  });
});
