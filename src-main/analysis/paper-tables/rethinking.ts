/**
 * P3 Table 1 ("the outline of the proposed network", Inception-v2) from the inception_v2 spec: the
 * printed rows with their printed input sizes beside the computed ones, plus the Figure 10 grid
 * reductions, which the table leaves implicit.
 */
import { buildNetwork } from '../../zoo/index.js';
import type { Module } from '../../shared/spec.js';
import { analyse } from '../analyse.js';
import { dims, fmtM } from './format.js';
import type { PaperTable, PaperTableRow } from './types.js';

/** P3 Table 1 as printed (P3 Table 1): type, patch size/stride or remarks, input size. */
export const RETHINKING_PRINTED: { type: string; patch: string; input: [number, number, number] }[] = [
  { type: 'conv', patch: '3×3/2', input: [299, 299, 3] },
  { type: 'conv', patch: '3×3/1', input: [149, 149, 32] },
  { type: 'conv padded', patch: '3×3/1', input: [147, 147, 32] },
  { type: 'pool', patch: '3×3/2', input: [147, 147, 64] },
  { type: 'conv', patch: '3×3/1', input: [73, 73, 64] },
  { type: 'conv', patch: '3×3/2', input: [71, 71, 80] },
  { type: 'conv', patch: '3×3/1', input: [35, 35, 192] },
  { type: '3×Inception', patch: 'As in figure 5', input: [35, 35, 288] },
  { type: '5×Inception', patch: 'As in figure 6', input: [17, 17, 768] },
  { type: '2×Inception', patch: 'As in figure 7', input: [8, 8, 1280] },
  { type: 'pool', patch: '8×8', input: [8, 8, 2048] },
  { type: 'linear', patch: 'logits', input: [1, 1, 2048] },
  { type: 'softmax', patch: 'classifier', input: [1, 1, 1000] },
];

const NOTES: Record<number, string> = {
  6: "Printed without padding, but 35×35×192 → 35×35×288 needs it: the spec pads this conv ('same').",
};

export function rethinkingTable(): PaperTable {
  const a = analyse(buildNetwork('inception_v2'));
  const modules = a.spec.stages.flatMap((s) => s.modules);
  const group = (id: string) => a.groups.find((g) => g.id === id)!;
  const byFigure = (f: string) => modules.filter((m) => m.figure?.paper === 'P3' && m.figure.figure === f);
  const stem = a.spec.stages[0]!.modules;
  const head = a.spec.stages.at(-1)!.modules.filter((m) => !('op' in m.body && m.body.op === 'flatten'));
  const [red35, red17] = byFigure('Figure 10') as [Module, Module];

  const row = (
    printed: (typeof RETHINKING_PRINTED)[number] | null,
    mods: Module[],
    patch: string,
    i = -1,
  ): PaperTableRow => {
    const gs = mods.map((m) => group(m.name));
    const inShape = gs[0]!.inShape;
    const input = dims(inShape.length === 1 ? [inShape[0]!] : inShape);
    const r: PaperTableRow = {
      cells: {
        type: printed?.type ?? mods.map((m) => m.paperName).join(', '),
        patch: printed?.patch ?? null,
        patchSpec: patch,
        inputPrinted: printed ? dims(printed.input) : null,
        input,
        params: gs.reduce((s, g) => s + g.params.pytorch, 0),
        macs: fmtM(gs.reduce((s, g) => s + g.macs, 0)),
      },
      groups: mods.map((m) => m.name),
    };
    if (!printed) r.added = true;
    const note =
      NOTES[i] ??
      (printed && dims(printed.input) !== input
        ? `Printed input ${dims(printed.input)}, computed ${input}.`
        : undefined);
    if (note) r.note = note;
    return r;
  };
  const layerPatch = (m: Module): string => {
    const b = m.body;
    if ('op' in b && (b.op === 'conv' || b.op === 'maxpool' || b.op === 'avgpool')) {
      const k = b.op === 'conv' ? b.kernel : b.pool;
      return `${k[0]}×${k[1]}/${b.strides[0]}${b.op === 'conv' && b.padding !== 'valid' ? ' padded' : ''}`;
    }
    return 'op' in b ? b.op : b.kind;
  };

  const P = RETHINKING_PRINTED;
  const rows: PaperTableRow[] = [
    ...stem.map((m, i) => row(P[i]!, [m], layerPatch(m), i)),
    row(P[7]!, byFigure('Figure 5'), `${byFigure('Figure 5').length} × Figure 5`),
    row(null, [red35], 'Figure 10 reduction'),
    row(P[8]!, byFigure('Figure 6'), `${byFigure('Figure 6').length} × Figure 6`),
    row(null, [red17], 'Figure 10 reduction'),
    row(P[9]!, byFigure('Figure 7'), `${byFigure('Figure 7').length} × Figure 7`),
    ...head.map((m, i) => row(P[10 + i]!, [m], layerPatch(m))),
  ];
  return {
    id: 'inception_v2',
    network: 'inception_v2',
    flavour: a.spec.flavour,
    title: 'The outline of the proposed network architecture (Inception-v2)',
    source: { paper: 'P3', figure: 'Table 1' },
    columns: [
      { key: 'type', label: 'type', source: 'paper' },
      { key: 'patch', label: 'patch size/stride or remarks', source: 'paper' },
      { key: 'patchSpec', label: 'in the spec', source: 'spec' },
      { key: 'inputPrinted', label: 'input size (paper)', source: 'paper' },
      { key: 'input', label: 'input size (computed)', source: 'computed' },
      { key: 'params', label: 'params (computed)', source: 'computed' },
      { key: 'macs', label: 'MACs (computed)', source: 'computed' },
    ],
    rows,
    notes: [
      'The table prints no filter counts for the modules; the widths are choices recorded in the spec.',
      'The Figure 10 grid reductions have no row of their own in the table ("the output size of each module is the input size of the next one"); they are added here, marked as added.',
      `Totals of the spec: ${a.totals.params.pytorch.toLocaleString('en-US')} parameters (PyTorch convention), ${a.totals.macs.toLocaleString('en-US')} MACs.`,
    ],
  };
}
