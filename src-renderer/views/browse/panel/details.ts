/** What the side panel shows for a selected node, module, run or aux head. Pure, unit-tested. */
import type {
  AnalysedGroup,
  AnalysedNode,
  Analysis,
  ParamCount,
} from '../../../../src-main/shared/analysis-types';
import type { FigureRef, Module } from '../../../../src-main/shared/spec';
import { formatInt, formatShape } from '../../../lib/format';
import { layerDetails, nodeLabel, type LayerRowName } from '../../../lib/draw/labels';
import type { MessageKey } from '../../../i18n/i18n.svelte';
import { auxCaption, membership, moduleRuns } from '../../../lib/layout/visible-graph';
import { indexOf } from '../../../../src-main/shared/analysis-index';

export const PAPERS: Record<FigureRef['paper'], string> = {
  P1: 'Szegedy et al. 2014, “Going deeper with convolutions” (GoogLeNet)',
  P2: 'Ioffe & Szegedy 2015, “Batch Normalization” (BN-Inception)',
  P3: 'Szegedy et al. 2015, “Rethinking the Inception Architecture for Computer Vision”',
  P4: 'Szegedy et al. 2016, “Inception-v4, Inception-ResNet and the Impact of Residual Connections on Learning”',
};

/**
 * A row's name: an i18n key (the panel shows it in the UI's language), or a name taken from the
 * spec itself (a module's builder parameters such as '#1×1' or 'k'), shown as written.
 */
export type RowLabel = { key: MessageKey } | { text: string };
export type Row = [RowLabel, string];

const k = (name: LayerRowName | RowName): RowLabel => ({ key: `panel.k.${name}` });
/** Row names details.ts adds beside the layer's own. */
type RowName =
  | 'params (PyTorch)'
  | 'params (Keras)'
  | 'MACs'
  | 'receptive field'
  | 'residual scale'
  | 'activation after the sum'
  | 'input'
  | 'inputs'
  | 'output'
  | 'nodes'
  | 'module'
  | 'aux head'
  | 'stage'
  | 'paper'
  | 'figure'
  | 'type'
  | 'use'
  | 'attached to';

export interface Details {
  kind: 'layer' | 'node' | 'module' | 'run' | 'aux';
  title: string;
  subtitle: string;
  sections: { title: MessageKey; rows: Row[] }[];
  /** Module id for "show as figure" (modules and aux heads with more than one layer). */
  figureModule?: string;
  /** Modules of a run, for the panel's member list. */
  members?: { id: string; name: string }[];
}

export function paramRows(p: ParamCount): Row[] {
  return [
    [k('params (PyTorch)'), formatInt(p.pytorch)],
    [
      k('params (Keras)'),
      `${formatInt(p.kerasTrainable + p.kerasNonTrainable)} = ${formatInt(p.kerasTrainable)} trainable + ${formatInt(p.kerasNonTrainable)} non-trainable`,
    ],
  ];
}

const rfRow = (rf: { size: [number, number]; jump: [number, number] }): Row => [
  k('receptive field'),
  `${rf.size[0]}×${rf.size[1]} px, jump ${rf.jump[0]}×${rf.jump[1]}`,
];

export function specModule(a: Analysis, name: string): Module | undefined {
  for (const s of a.spec.stages) for (const m of s.modules) if (m.name === name) return m;
  return undefined;
}

function sourceRows(a: Analysis, fig: FigureRef | undefined): Row[] {
  const paper = fig?.paper ?? a.spec.paper;
  return [
    [k('paper'), PAPERS[paper]],
    [k('figure'), fig ? fig.figure : '—'],
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
  if (n.layer)
    sections.push({
      title: 'panel.s.Operation',
      rows: layerDetails(n.layer).map(([name, v]): Row => [k(name), v]),
    });
  else {
    const rows: Row[] = [[k('op'), n.op ?? n.kind]];
    if (n.scale !== undefined) rows.push([k('residual scale'), String(n.scale)]);
    if (n.activation) rows.push([k('activation after the sum'), n.activation]);
    sections.push({ title: 'panel.s.Operation', rows });
  }
  sections.push({
    title: 'panel.s.Tensors',
    rows: [
      [
        k(n.inShapes.length > 1 ? 'inputs' : 'input'),
        n.inShapes.map((s) => formatShape(s)).join(' + ') || '—',
      ],
      [k('output'), formatShape(n.outShape)],
    ],
  });
  sections.push({
    title: 'panel.s.Cost',
    rows: [...paramRows(n.params), [k('MACs'), formatInt(n.macs)], rfRow(n.rf)],
  });
  const where: Row[] = [];
  if (mod)
    where.push([k(mod.kind === 'aux' ? 'aux head' : 'module'), `${mod.paperName ?? mod.name} (${mod.id})`]);
  if (n.stage) where.push([k('stage'), n.stage]);
  where.push(...sourceRows(a, fig));
  sections.push({ title: 'panel.s.Source', rows: where });
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
      title: 'panel.s.Auxiliary head',
      rows: [
        [k('use'), auxCaption(a, g)],
        [k('attached to'), g.attachTo ?? a.spec.aux.find((h) => h.name === g.name)?.attachTo ?? '?'],
      ],
    });
  } else {
    const m = specModule(a, g.name);
    const rows: Row[] = [[k('type'), g.type ?? '—']];
    for (const [name, v] of Object.entries(m?.params ?? {})) rows.push([{ text: name }, String(v)]);
    sections.push({ title: 'panel.s.Module', rows });
  }
  sections.push({
    title: 'panel.s.Tensors',
    rows: [
      [k('input'), formatShape(g.inShape)],
      [k('output'), formatShape(g.outShape)],
      [k('nodes'), String(g.nodes.length)],
    ],
  });
  sections.push({
    title: 'panel.s.Cost',
    rows: [...paramRows(g.params), [k('MACs'), formatInt(g.macs)], rfRow(g.rf)],
  });
  const fig =
    g.kind === 'aux' ? a.spec.aux.find((h) => h.name === g.name)?.figure : specModule(a, g.name)?.figure;
  sections.push({ title: 'panel.s.Source', rows: sourceRows(a, fig) });
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
          title: 'panel.s.Tensors',
          rows: [
            [k('input'), formatShape(first.inShape)],
            [k('output'), formatShape(last.outShape)],
          ],
        },
        {
          title: 'panel.s.Cost (all repeats)',
          rows: [...paramRows(p), [k('MACs'), formatInt(sum((g) => g.macs))]],
        },
        { title: 'panel.s.Source', rows: sourceRows(a, specModule(a, first.name)?.figure) },
      ],
      figureModule: first.id,
      members: run.modules.map((m) => ({
        id: m.id,
        name: m.paperName && m.paperName !== m.id ? `${m.paperName} (${m.id})` : m.id,
      })),
    };
  }
  const g = groups.get(id);
  const n = indexOf(a).byId.get(id);
  // A one-layer module shares its id with its node: show the layer.
  if (n && (!g || g.nodes.length === 1)) return nodeDetails(a, n, groups);
  if (g && (g.kind === 'module' || g.kind === 'aux')) return groupDetails(a, g);
  return n ? nodeDetails(a, n, groups) : undefined;
}
