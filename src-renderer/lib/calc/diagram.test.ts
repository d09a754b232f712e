// Expected boxes worked out by hand from the papers' figures, never by running the code.
import { describe, expect, it } from 'vitest';
import {
  asymmetricDiagram,
  gridDiagram,
  reduceDiagram,
  reductionADiagram,
  symmetricDiagram,
  wideningDiagram,
} from './diagram.js';

const labels = (boxes: { label: string }[]) => boxes.map((b) => b.label);

describe('calculator diagrams follow their inputs', () => {
  it('lesson 2: the 1×1 reduce is drawn with the chosen widths and kernel', () => {
    const [direct, reduced] = reduceDiagram({ size: 28, cin: 192, reduce: 16, cout: 32, k: 5 });
    expect(labels(direct.boxes)).toEqual(['28×28×192', '5×5 conv, 32', '28×28×32']);
    expect(labels(reduced.boxes)).toEqual(['28×28×192', '1×1 conv, 16', '5×5 conv, 32', '28×28×32']);
    // the widest tensor spans the box; a narrower one is drawn narrower
    expect(direct.boxes[0].width).toBe(1);
    expect(reduced.boxes[1].width).toBeLessThan(reduced.boxes[2].width);
  });

  it('lesson 7: a 7×7 becomes three 3×3 (receptive field 7 = 1 + 3·2)', () => {
    const [orig, fact] = symmetricDiagram(7, 64);
    expect(labels(orig.boxes)).toEqual(['7×7 conv, 64']);
    expect(labels(fact.boxes)).toEqual(['3×3 conv, 64', '3×3 conv, 64', '3×3 conv, 64']);
    expect(symmetricDiagram(5, 64)[1].boxes).toHaveLength(2);
  });

  it('lesson 8: n×n becomes 1×n then n×1', () => {
    expect(labels(asymmetricDiagram(7)[1].boxes)).toEqual(['1×7 conv', '7×1 conv']);
  });

  it('lesson 9: 35×35×320 grids halve to 17×17 and double their depth to 640', () => {
    const [convPool, poolConv, parallel] = gridDiagram({ d: 35, k: 320 });
    expect(labels(convPool.boxes)).toEqual(['35×35×320', 'conv, 640', '35×35×640', 'pool /2', '17×17×640']);
    expect(labels(poolConv.boxes)).toEqual(['35×35×320', 'pool /2', '17×17×320', 'conv, 640', '17×17×640']);
    expect(parallel.boxes.at(-1)?.label).toBe('17×17×640');
    expect(convPool.boxes.filter((b) => b.grid !== undefined).map((b) => b.grid)).toEqual([35, 35, 17]);
  });

  it('lesson 11: Reduction-A with v4’s k, l, m, n = 192, 224, 256, 384 on 35×35×384 gives 17×17×1024', () => {
    const [col] = reductionADiagram({ cin: 384, size: 35, k: 192, l: 224, m: 256, n: 384 });
    expect(col.lanes?.map(labels)).toEqual([
      ['3×3 max pool /2'],
      ['3×3 conv, 384 /2'],
      ['1×1 conv, 192', '3×3 conv, 224', '3×3 conv, 256 /2'],
    ]);
    // 384 + 384 + 256 = 1024; (35 − 3)/2 + 1 = 17
    expect(labels(col.after ?? [])).toEqual(['concat 384 + 384 + 256', '17×17×1024']);
  });

  it('lesson 1: the widened pair is drawn c times as wide', () => {
    const [one, wide] = wideningDiagram(2);
    expect(wide.boxes[0].width / one.boxes[0].width).toBe(2);
    expect(labels(wide.boxes)).toEqual(['×2', '×2']);
  });
});
