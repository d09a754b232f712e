/**
 * The small layer diagrams drawn beside the lessons' calculators, built from the calculator's own
 * inputs so that moving a slider redraws the figure (issue #14.6). Pure: a diagram is columns of
 * boxes (one column per way of computing the same thing), each box a layer or a tensor. Column
 * titles are i18n keys; box labels are the papers' notation ("5×5 conv, 32"), the same in every
 * language, as the papers' figures are.
 */
import type { MessageKey } from '../../i18n/i18n.svelte.js';
import { reductionA } from './reductionA.js';

export type BoxKind = 'data' | 'conv' | 'pool' | 'concat';

export interface DiagramBox {
  kind: BoxKind;
  label: string;
  /** Relative width 0..1 (channels, on a log scale, or a kernel's side). */
  width: number;
  /** A tensor drawn as a grid: cells per side (its spatial side), relative to the largest grid. */
  grid?: number;
}

export interface DiagramColumn {
  /** i18n key of the column's title. */
  titleKey: MessageKey;
  /** Stacked top to bottom. */
  boxes: DiagramBox[];
  /** Then parallel branches side by side, each stacked (a module's branches), */
  lanes?: DiagramBox[][];
  /** then what follows them (the concat). */
  after?: DiagramBox[];
}

/** Width for a channel count: log-scaled against the largest count in the diagram, never invisible. */
function channelWidth(c: number, max: number): number {
  if (max <= 1) return 1;
  return 0.25 + (0.75 * Math.log(Math.max(c, 1))) / Math.log(max);
}

const conv = (k: string, c: number, max: number, extra = ''): DiagramBox => ({
  kind: 'conv',
  label: `${k} conv, ${c}${extra}`,
  width: channelWidth(c, max),
});
const tensor = (h: number, c: number, max: number): DiagramBox => ({
  kind: 'data',
  label: `${h}×${h}×${c}`,
  width: channelWidth(c, max),
});

/** Lesson 2: a k×k conv directly, and after a 1×1 reduce (GoogLeNet §4). */
export function reduceDiagram(p: {
  size: number;
  cin: number;
  reduce: number;
  cout: number;
  k: number;
}): DiagramColumn[] {
  const max = Math.max(p.cin, p.reduce, p.cout);
  const k = `${p.k}×${p.k}`;
  return [
    {
      titleKey: 'calc.diagram.direct',
      boxes: [tensor(p.size, p.cin, max), conv(k, p.cout, max), tensor(p.size, p.cout, max)],
    },
    {
      titleKey: 'calc.diagram.reduced',
      boxes: [
        tensor(p.size, p.cin, max),
        conv('1×1', p.reduce, max),
        conv(k, p.cout, max),
        tensor(p.size, p.cout, max),
      ],
    },
  ];
}

/** Lesson 7: an n×n conv against (n − 1)/2 stacked 3×3 convs, same receptive field (Rethinking §3.1). */
export function symmetricDiagram(n: number, c: number): DiagramColumn[] {
  const stack = Math.max(1, Math.round((n - 1) / 2));
  return [
    { titleKey: 'calc.diagram.original', boxes: [{ kind: 'conv', label: `${n}×${n} conv, ${c}`, width: 1 }] },
    {
      titleKey: 'calc.diagram.factorised',
      boxes: Array.from({ length: stack }, () => ({ kind: 'conv', label: `3×3 conv, ${c}`, width: 3 / n })),
    },
  ];
}

/** Lesson 8: n×n against 1×n followed by n×1 (Rethinking §3.2). */
export function asymmetricDiagram(n: number): DiagramColumn[] {
  return [
    { titleKey: 'calc.diagram.original', boxes: [{ kind: 'conv', label: `${n}×${n} conv`, width: 1 }] },
    {
      titleKey: 'calc.diagram.factorised',
      boxes: [
        { kind: 'conv', label: `1×${n} conv`, width: 1 },
        { kind: 'conv', label: `${n}×1 conv`, width: 1 / n },
      ],
    },
  ];
}

/** Lesson 9: the three ways to go from d×d×k to (d/2)×(d/2)×2k (Rethinking §5, Figures 9–10). */
export function gridDiagram({ d, k }: { d: number; k: number }): DiagramColumn[] {
  const half = Math.floor(d / 2);
  const grid = (side: number, c: number): DiagramBox => ({
    kind: 'data',
    label: `${side}×${side}×${c}`,
    width: side / d,
    grid: side,
  });
  return [
    {
      titleKey: 'l9.calc.convPool',
      boxes: [
        grid(d, k),
        { kind: 'conv', label: `conv, ${2 * k}`, width: 1 },
        grid(d, 2 * k),
        { kind: 'pool', label: 'pool /2', width: 1 },
        grid(half, 2 * k),
      ],
    },
    {
      titleKey: 'l9.calc.poolConv',
      boxes: [
        grid(d, k),
        { kind: 'pool', label: 'pool /2', width: 1 },
        grid(half, k),
        { kind: 'conv', label: `conv, ${2 * k}`, width: 1 },
        grid(half, 2 * k),
      ],
    },
    {
      titleKey: 'l9.calc.parallel',
      boxes: [
        grid(d, k),
        { kind: 'conv', label: `conv /2, ${k} ‖ pool /2`, width: 1 },
        { kind: 'concat', label: 'concat', width: 1 },
        grid(half, 2 * k),
      ],
    },
  ];
}

/** Lesson 11: Reduction-A's three branches from k, l, m, n (Inception-v4 paper, Figure 7). */
export function reductionADiagram(p: {
  cin: number;
  size: number;
  k: number;
  l: number;
  m: number;
  n: number;
}): DiagramColumn[] {
  const max = Math.max(p.cin, p.k, p.l, p.m, p.n);
  const r = reductionA(p);
  return [
    {
      titleKey: 'calc.diagram.reductionA',
      boxes: [tensor(p.size, p.cin, max)],
      lanes: [
        [{ kind: 'pool', label: `3×3 max pool /2`, width: channelWidth(p.cin, max) }],
        [conv('3×3', p.n, max, ' /2')],
        [conv('1×1', p.k, max), conv('3×3', p.l, max), conv('3×3', p.m, max, ' /2')],
      ],
      after: [
        { kind: 'concat', label: `concat ${p.cin} + ${p.n} + ${p.m}`, width: 1 },
        tensor(r.outSize, r.outDepth, Math.max(max, r.outDepth)),
      ],
    },
  ];
}

/** Lesson 1: a layer made c times wider costs c² (GoogLeNet §1): two layers in a row, both widened. */
export function wideningDiagram(c: number): DiagramColumn[] {
  const w = (x: number) => Math.min(1, x / 4);
  const pair = (x: number, label: string): DiagramBox[] => [
    { kind: 'conv', label, width: w(x) },
    { kind: 'conv', label, width: w(x) },
  ];
  return [
    { titleKey: 'calc.diagram.original', boxes: pair(1, '×1') },
    { titleKey: 'calc.diagram.widened', boxes: pair(c, `×${c}`) },
  ];
}
