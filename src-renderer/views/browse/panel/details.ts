/** What the side panel shows for a selected node, module, run or aux head. Pure, unit-tested. */
import type {
  AnalysedGroup,
  AnalysedNode,
  Analysis,
  ParamCount,
} from '../../../../src-main/shared/analysis-types';
import type { FigureRef, Module } from '../../../../src-main/shared/spec';
import { formatInt, formatShape } from '../../../lib/format';
import { layerDetails, nodeLabel } from '../../../lib/draw/labels';
import { auxCaption, membership, moduleRuns } from '../../../lib/layout/visible-graph';

export const PAPERS: Record<FigureRef['paper'], string> = {
  P1: 'Szegedy et al. 2014, “Going deeper with convolutions” (GoogLeNet)',
  P2: 'Ioffe & Szegedy 2015, “Batch Normalization” (BN-Inception)',
  P3: 'Szegedy et al. 2015, “Rethinking the Inception Architecture for Computer Vision”',
  P4: 'Szegedy et al. 2016, “Inception-v4, Inception-ResNet and the Impact of Residual Connections on Learning”',
};

export type Row = [string, string];

export interface Details {
  kind: 'layer' | 'node' | 'module' | 'run' | 'aux';
  title: string;
  subtitle: string;
  sections: { title: string; rows: Row[] }[];
  /** Module id for "show as figure" (modules and aux heads with more than one layer). */
  figureModule?: string;
  /** Modules of a run, for the panel's member list. */
  members?: { id: string; name: string }[];
}

export function paramRows(p: ParamCount): Row[] {
  return [
    ['params (PyTorch)', formatInt(p.pytorch)],
    [
      'params (Keras)',
      `${formatInt(p.kerasTrainable + p.kerasNonTrainable)} = ${formatInt(p.kerasTrainable)} trainable + ${formatInt(p.kerasNonTrainable)} non-trainable`,
    ],
  ];
}

const rfRow = (rf: { size: [number, number]; jump: [number, number] }): Row => [
  'receptive field',
  `${rf.size[0]}×${rf.size[1]} px, jump ${rf.jump[0]}×${rf.jump[1]}`,
];

export function specModule(a: Analysis, name: string): Module | undefined {
  for (const s of a.spec.stages) for (const m of s.modules) if (m.name === name) return m;
  return undefined;
}

function sourceRows(a: Analysis, fig: FigureRef | undefined): Row[] {
  const paper = fig?.paper ?? a.spec.paper;
  return [
    ['paper', PAPERS[paper]],
    ['figure', fig ? fig.figure : '—'],
  ];
}

function nodeDetails(a: Analysis, n: AnalysedNode, groups: Map<string, AnalysedGroup>): Details {
  const { moduleOf, auxOf } = membership(a);
  const modId = moduleOf.get(n.id) ?? auxOf.get(n.id);
  const mod = modId ? groups.get(modId) : undefined;
  const fig =
    mod?.kind === 'aux'
      ? a.spec.aux.find((h) => h.name === mod.name)?.figure
      : mod
        ? specModule(a, mod.name)?.figure
        : undefined;
  const sections: Details['sections'] = [];
  if (n.layer) sections.push({ title: 'Operation', rows: layerDetails(n.layer) });
  else {
    const rows: Row[] = [['op', n.op ?? n.kind]];
    if (n.scale !== undefined) rows.push(['residual scale', String(n.scale)]);
    if (n.activation) rows.push(['activation after the sum', n.activation]);
    sections.push({ title: 'Operation', rows });
  }
  sections.push({
    title: 'Tensors',
    rows: [
      [n.inShapes.length > 1 ? 'inputs' : 'input', n.inShapes.map((s) => formatShape(s)).join(' + ') || '—'],
      ['output', formatShape(n.outShape)],
    ],
  });
  sections.push({ title: 'Cost', rows: [...paramRows(n.params), ['MACs', formatInt(n.macs)], rfRow(n.rf)] });
  const where: Row[] = [];
  if (mod)
    where.push([mod.kind === 'aux' ? 'aux head' : 'module', `${mod.paperName ?? mod.name} (${mod.id})`]);
  if (n.stage) where.push(['stage', n.stage]);
  where.push(...sourceRows(a, fig));
  sections.push({ title: 'Source', rows: where });
  return {
    kind: n.kind === 'layer' ? 'layer' : 'node',
    title: nodeLabel(n),
    subtitle: n.id,
    sections,
    ...(mod && mod.nodes.length > 1 ? { figureModule: mod.id } : {}),
  };
}

function groupDetails(a: Analysis, g: AnalysedGroup): Details {
  const sections: Details['sections'] = [];
  if (g.kind === 'aux') {
    sections.push({
      title: 'Auxiliary head',
      rows: [
        ['use', auxCaption(a, g)],
        ['attached to', g.attachTo ?? a.spec.aux.find((h) => h.name === g.name)?.attachTo ?? '?'],
      ],
    });
  } else {
    const m = specModule(a, g.name);
    const rows: Row[] = [['type', g.type ?? '—']];
    for (const [k, v] of Object.entries(m?.params ?? {})) rows.push([k, String(v)]);
    sections.push({ title: 'Module', rows });
  }
  sections.push({
    title: 'Tensors',
    rows: [
      ['input', formatShape(g.inShape)],
      ['output', formatShape(g.outShape)],
      ['nodes', String(g.nodes.length)],
    ],
  });
  sections.push({ title: 'Cost', rows: [...paramRows(g.params), ['MACs', formatInt(g.macs)], rfRow(g.rf)] });
  const fig =
    g.kind === 'aux' ? a.spec.aux.find((h) => h.name === g.name)?.figure : specModule(a, g.name)?.figure;
  sections.push({ title: 'Source', rows: sourceRows(a, fig) });
  return {
    kind: g.kind === 'aux' ? 'aux' : 'module',
    title: g.paperName ?? g.name,
    subtitle: g.id,
    sections,
    ...(g.nodes.length > 1 ? { figureModule: g.id } : {}),
  };
}

/** Details of any selectable id: analysis node, module/aux group, or run ("run:<first module>"). */
export function describe(a: Analysis, id: string): Details | undefined {
  const groups = new Map(a.groups.map((g) => [g.id, g]));
  if (id.startsWith('run:')) {
    const run = moduleRuns(a).find((r) => r.id === id);
    if (!run) return undefined;
    const sum = (f: (g: AnalysedGroup) => number) => run.modules.reduce((s, g) => s + f(g), 0);
    const p: ParamCount = {
      pytorch: sum((g) => g.params.pytorch),
      kerasTrainable: sum((g) => g.params.kerasTrainable),
      kerasNonTrainable: sum((g) => g.params.kerasNonTrainable),
    };
    const first = run.modules[0];
    const last = run.modules[run.modules.length - 1];
    return {
      kind: 'run',
      title: `${run.type} ×${run.modules.length}`,
      subtitle: `${first.id} … ${last.id}`,
      sections: [
        {
          title: 'Tensors',
          rows: [
            ['input', formatShape(first.inShape)],
            ['output', formatShape(last.outShape)],
          ],
        },
        { title: 'Cost (all repeats)', rows: [...paramRows(p), ['MACs', formatInt(sum((g) => g.macs))]] },
        { title: 'Source', rows: sourceRows(a, specModule(a, first.name)?.figure) },
      ],
      figureModule: first.id,
      members: run.modules.map((m) => ({
        id: m.id,
        name: m.paperName && m.paperName !== m.id ? `${m.paperName} (${m.id})` : m.id,
      })),
    };
  }
  const g = groups.get(id);
  const n = a.nodes.find((x) => x.id === id);
  // A one-layer module shares its id with its node: show the layer.
  if (n && (!g || g.nodes.length === 1)) return nodeDetails(a, n, groups);
  if (g && (g.kind === 'module' || g.kind === 'aux')) return groupDetails(a, g);
  return n ? nodeDetails(a, n, groups) : undefined;
}
