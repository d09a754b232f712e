/**
 * `inception-explorer summary <network>`: the layer table (name, type, output shape, params, MACs),
 * then the totals and the spec's documented choices.
 *
 * --json prints SummaryJson (schema 'inception-explorer/summary@1'); every field is documented in
 * docs/cli-json.md. Shapes are [H, W, C] or [C]; params follow --convention.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { analyse } from '../../analysis/analyse.js';
import type { Analysis, AnalysedNode, ParamCount, Totals } from '../../shared/analysis-types.js';
import { buildNetwork, isNetworkId, listZoo } from '../../zoo/index.js';
import type { Choice, FlavourId, Layer, NetworkId } from '../../shared/spec.js';
import { parsePositiveInt, parsePositiveNumber } from '../options.js';
import { num, textTable } from './text-table.js';

export type Convention = 'pytorch' | 'keras';

export interface SummaryOptions {
  flavour?: FlavourId;
  /** Include the training-only aux heads (also the optional ones a flavour leaves out). */
  aux?: boolean;
  convention?: Convention;
  classes?: number;
  width?: number;
  input?: number;
  json?: boolean;
}

export interface SummaryLayer {
  id: string;
  /** 'input' | a layer op | 'concat' | 'add'. */
  op: string;
  /** Short human description, e.g. "conv 3×3/2 valid, BN". */
  type: string;
  stage: string;
  module: string;
  /** Aux head name for training-only layers, else null. */
  aux: string | null;
  inputs: string[];
  outputShape: number[];
  /** In the chosen convention. */
  params: number;
  macs: number;
}

export interface SummaryTotals {
  params: number;
  trainable: number;
  nonTrainable: number;
  /** Both conventions, whatever --convention says. */
  pytorch: number;
  keras: { total: number; trainable: number; nonTrainable: number };
  macs: number;
  convLayers: number;
  bnLayers: number;
  denseLayers: number;
  bnChannels: number;
}

export interface SummaryJson {
  schema: 'inception-explorer/summary@1';
  network: NetworkId;
  flavour: FlavourId;
  title: string;
  paper: string;
  variant: { input: [number, number, number]; classes: number; width: number };
  convention: Convention;
  aux: boolean;
  output: number[];
  layers: SummaryLayer[];
  modules: {
    id: string;
    paperName: string;
    type: string;
    stage: string;
    outputShape: number[];
    params: number;
    macs: number;
    receptiveField: { size: [number, number]; jump: [number, number] };
  }[];
  auxHeads: {
    name: string;
    attachTo: string;
    lossWeight: number;
    outputShape: number[];
    params: number;
    macs: number;
  }[];
  /** Inference graph. */
  totals: SummaryTotals;
  /** Training graph (with the aux heads that were built). */
  totalsWithAux: SummaryTotals;
  choices: Choice[];
}

const inConv = (p: ParamCount, c: Convention) =>
  c === 'pytorch' ? p.pytorch : p.kerasTrainable + p.kerasNonTrainable;

function totalsJson(t: Totals, c: Convention): SummaryTotals {
  const keras = {
    total: t.params.kerasTrainable + t.params.kerasNonTrainable,
    trainable: t.params.kerasTrainable,
    nonTrainable: t.params.kerasNonTrainable,
  };
  return {
    params: inConv(t.params, c),
    trainable: c === 'pytorch' ? t.params.pytorch : keras.trainable,
    nonTrainable: c === 'pytorch' ? 0 : keras.nonTrainable,
    pytorch: t.params.pytorch,
    keras,
    macs: t.macs,
    convLayers: t.convLayers,
    bnLayers: t.bnLayers,
    denseLayers: t.denseLayers,
    bnChannels: t.bnChannels,
  };
}

const k2 = (k: [number, number]) => `${k[0]}×${k[1]}`;
const padName = (p: Extract<Layer, { op: 'conv' }>['padding']) =>
  typeof p === 'string'
    ? p
    : p.top === p.bottom && p.left === p.right
      ? `pad ${p.top === p.left ? p.top : `${p.top},${p.left}`}`
      : 'pad';

/** "conv 3×3/2 valid, BN", "maxpool 3×3/2 ceil", "add ×0.17", … */
export function describeNode(n: AnalysedNode): string {
  if (n.kind === 'add') return `add ×${n.scale}${n.activation === 'relu' ? ', relu' : ''}`;
  if (n.kind !== 'layer' || !n.layer) return n.op ?? n.kind;
  const l = n.layer;
  switch (l.op) {
    case 'conv':
      return `conv ${k2(l.kernel)}/${l.strides[0]} ${padName(l.padding)}${l.bias ? ', bias' : ''}${l.bn ? ', BN' : ''}${l.activation === 'linear' ? ', linear' : ''}`;
    case 'maxpool':
    case 'avgpool':
      return l.adaptive
        ? `${l.op} adaptive ${k2(l.adaptive)}`
        : `${l.op} ${k2(l.pool)}/${l.strides[0]} ${padName(l.padding)}${l.ceil ? ' ceil' : ''}`;
    case 'dense':
      return `dense${l.bn ? ', BN' : ''}${l.activation === 'relu' ? ', relu' : ''}`;
    case 'dropout':
      return `dropout ${l.rate}`;
    case 'lrn':
      return `lrn ${l.size}`;
    default:
      return l.op;
  }
}

export function summaryData(id: NetworkId, o: SummaryOptions = {}): SummaryJson {
  const convention = o.convention ?? 'pytorch';
  const spec = buildNetwork(id, {
    flavour: o.flavour,
    classes: o.classes,
    width: o.width,
    input: o.input,
    extraAux: o.aux ?? false,
  });
  const a: Analysis = analyse(spec);
  const aux = o.aux ?? false;
  const layers = a.nodes
    .filter((n) => aux || n.aux === undefined)
    .map((n): SummaryLayer => ({
      id: n.id,
      op: n.op ?? n.kind,
      type: describeNode(n),
      stage: n.stage,
      module: n.module,
      aux: n.aux ?? null,
      inputs: n.inputs,
      outputShape: n.outShape,
      params: inConv(n.params, convention),
      macs: n.macs,
    }));
  return {
    schema: 'inception-explorer/summary@1',
    network: id,
    flavour: spec.flavour,
    title: spec.title,
    paper: spec.paper,
    variant: spec.variant,
    convention,
    aux,
    output: a.output,
    layers,
    modules: a.groups
      .filter((g) => g.kind === 'module')
      .map((g) => ({
        id: g.id,
        paperName: g.paperName ?? g.name,
        type: g.type ?? '',
        stage: g.parent ?? '',
        outputShape: g.outShape,
        params: inConv(g.params, convention),
        macs: g.macs,
        receptiveField: g.rf,
      })),
    auxHeads: a.groups
      .filter((g) => g.kind === 'aux')
      .map((g) => ({
        name: g.id,
        attachTo: g.attachTo!,
        lossWeight: g.lossWeight!,
        outputShape: g.outShape,
        params: inConv(g.params, convention),
        macs: g.macs,
      })),
    totals: totalsJson(a.totals, convention),
    totalsWithAux: totalsJson(a.totalsWithAux, convention),
    choices: spec.choices,
  };
}

export function summaryText(d: SummaryJson): string {
  const shape = (s: number[]) => s.join('×');
  const table = textTable(
    ['name', 'type', 'output shape', 'params', 'MACs'],
    d.layers.map((l) => [l.aux ? `${l.id} (aux)` : l.id, l.type, shape(l.outputShape), l.params, l.macs]),
    [false, false, false, true, true],
  );
  const t = (x: SummaryTotals, label: string) => {
    const lines = [`${label}`, `  params (${d.convention}): ${num(x.params)}`];
    if (d.convention === 'keras')
      lines.push(
        `    trainable: ${num(x.trainable)}`,
        `    non-trainable: ${num(x.nonTrainable)} (BN moving mean and variance)`,
      );
    else
      lines.push(
        `    (Keras convention: ${num(x.keras.total)} total, ${num(x.keras.trainable)} trainable, ${num(x.keras.nonTrainable)} non-trainable)`,
      );
    lines.push(
      `  MACs: ${num(x.macs)}`,
      `  layers: ${x.convLayers} conv, ${x.bnLayers} BN (${num(x.bnChannels)} channels), ${x.denseLayers} dense`,
    );
    return lines.join('\n');
  };
  const v = d.variant;
  const out = [
    `${d.title} — ${d.network}, flavour ${d.flavour}`,
    `input ${v.input.join('×')}, ${v.classes} classes, width ×${v.width}; output ${shape(d.output)}`,
    '',
    table,
    '',
    t(d.totals, 'Totals (inference graph, no aux heads)'),
  ];
  if (d.auxHeads.length > 0) {
    out.push(t(d.totalsWithAux, 'Totals with the aux heads (training graph)'));
    for (const h of d.auxHeads)
      out.push(
        `  aux head ${h.name} on ${h.attachTo}: loss weight ${h.lossWeight}, ${num(h.params)} params, ${num(h.macs)} MACs`,
      );
    if (!d.aux) out.push('  (--aux lists their layers)');
  }
  if (d.choices.length > 0) {
    out.push('', 'Choices and deviations:');
    for (const c of d.choices) out.push(`  - ${c.topic}: ${c.decision}${c.source ? ` [${c.source}]` : ''}`);
  }
  return out.join('\n');
}

/** The command's output for the given arguments. Throws with a clear message on a bad network. */
export function runSummary(network: string, o: SummaryOptions = {}): string {
  if (!isNetworkId(network)) {
    throw new Error(
      `unknown network '${network}' (known: ${listZoo()
        .map((e) => e.id)
        .join(', ')})`,
    );
  }
  const d = summaryData(network, o);
  return o.json ? JSON.stringify(d, null, 2) : summaryText(d);
}

function parseWidth(raw: string): number {
  const n = parsePositiveNumber(raw);
  if (n > 4) throw new InvalidArgumentError('must be at most 4.');
  return n;
}

export function register(program: Command): void {
  program
    .command('summary')
    .description('Layer table (name, type, output shape, params, MACs) and totals of a network')
    .argument(
      '<network>',
      `one of: ${listZoo()
        .map((e) => e.id)
        .join(', ')}`,
    )
    .addOption(
      new Option('--flavour <id>', "paper, released or torchvision (default: the network's)").choices([
        'paper',
        'released',
        'torchvision',
      ]),
    )
    .option('--aux', 'include the training-only auxiliary heads (and the optional ones)')
    .addOption(
      new Option('--convention <c>', 'parameter convention').choices(['pytorch', 'keras']).default('pytorch'),
    )
    .option('--classes <n>', 'class count (e.g. 1001)', parsePositiveInt)
    .option('--width <w>', 'width multiplier (e.g. 0.25)', parseWidth)
    .option('--input <s>', 'square input size in pixels (e.g. 75, 32)', parsePositiveInt)
    .option('--json', 'print JSON (schema inception-explorer/summary@1, see docs/cli-json.md)')
    .action((network: string, opts: SummaryOptions) => {
      console.log(runSummary(network, opts));
    });
}
