/**
 * `inception-explorer zoo`: the networks, their flavours (default first-marked) and the variant knobs,
 * with each flavour's parameter count and MACs at its default size.
 *
 * --json prints { schema: 'inception-explorer/zoo@1', networks: ZooJsonEntry[] } (docs/cli-json.md).
 */
import type { Command } from 'commander';
import { analyse } from '../../analysis/analyse.js';
import { buildNetwork, listZoo } from '../../zoo/index.js';
import type { FlavourId, NetworkId } from '../../shared/spec.js';
import { textTable } from './text-table.js';

export interface ZooJsonFlavour {
  id: FlavourId;
  default: boolean;
  title: string;
  /** PyTorch convention (BN γ+β), inference graph. */
  params: number;
  /** Keras convention: trainable + non-trainable (BN moving statistics). */
  paramsKeras: number;
  macs: number;
  /** Training graph, with the flavour's own aux heads. */
  paramsWithAux: number;
  auxHeads: number;
}

export interface ZooJsonEntry {
  id: NetworkId;
  title: string;
  paper: string;
  defaultInput: number;
  defaultClasses: number;
  notes: string;
  flavours: ZooJsonFlavour[];
}

export interface ZooJson {
  schema: 'inception-explorer/zoo@1';
  networks: ZooJsonEntry[];
}

export function zooData(): ZooJson {
  const networks = listZoo().map((e): ZooJsonEntry => ({
    id: e.id,
    title: e.title,
    paper: e.paper,
    defaultInput: e.defaultInput,
    defaultClasses: e.defaultClasses,
    notes: e.notes,
    flavours: e.flavours.map((f) => {
      const a = analyse(buildNetwork(e.id, { flavour: f }));
      const p = a.totals.params;
      return {
        id: f,
        default: f === e.defaultFlavour,
        title: a.spec.title,
        params: p.pytorch,
        paramsKeras: p.kerasTrainable + p.kerasNonTrainable,
        macs: a.totals.macs,
        paramsWithAux: a.totalsWithAux.params.pytorch,
        auxHeads: a.spec.aux.length,
      };
    }),
  }));
  return { schema: 'inception-explorer/zoo@1', networks };
}

export function zooText(data: ZooJson = zooData()): string {
  const rows = data.networks.flatMap((n) =>
    n.flavours.map((f, i) => [
      i === 0 ? n.id : '',
      `${f.id}${f.default ? ' (default)' : ''}`,
      i === 0 ? `${n.defaultInput}×${n.defaultInput}` : '',
      f.params,
      f.auxHeads > 0 ? f.paramsWithAux : '–',
      f.macs,
    ]),
  );
  const table = textTable(['network', 'flavour', 'input', 'params', 'with aux', 'MACs'], rows, [
    false,
    false,
    false,
    true,
    true,
    true,
  ]);
  const notes = data.networks.map((n) => `  ${n.id}: ${n.title} (${n.paper}). ${n.notes}`);
  return [
    table,
    '',
    'Params in the PyTorch convention (BN γ and β); `summary --convention keras` adds the BN moving statistics.',
    'Variants: --width W (e.g. 0.25), --input S (e.g. 75, 32), --classes N (e.g. 1001); --aux adds the training-only heads.',
    '',
    ...notes,
  ].join('\n');
}

/** The command's output for the given options. */
export function runZoo(opts: { json?: boolean } = {}): string {
  const data = zooData();
  return opts.json ? JSON.stringify(data, null, 2) : zooText(data);
}

export function register(program: Command): void {
  program
    .command('zoo')
    .description('List the networks, their flavours and variant knobs, with parameter counts and MACs')
    .option('--json', 'print JSON (schema inception-explorer/zoo@1, see docs/cli-json.md)')
    .action((opts: { json?: boolean }) => {
      console.log(runZoo(opts));
    });
}
