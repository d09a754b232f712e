/**
 * `inception-explorer export-training <network> --out DIR`: a ready-to-run distributed PyTorch training
 * project (model.py from the spec, train.py for torchrun, the recipe, the data, the starting weights,
 * a README with the commands and the paper-vs-script table). See docs/training-distributed.md.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseDataArg } from '../../engine/data/index.js';
import {
  exportTrainingProject,
  type ProjectData,
  type ProjectInit,
} from '../../engine/export-training/project.js';
import { INIT_SCHEMES, type InitScheme } from '../../engine/train/init.js';
import type { RecipeEdit, ScheduleMode } from '../../engine/train/recipe.js';
import { isNetworkId } from '../../zoo/index.js';
import type { FlavourId } from '../../shared/spec.js';
import { parsePositiveInt, parsePositiveNumber, variantOptions } from '../options.js';

interface Opts {
  out: string;
  flavour?: FlavourId;
  width?: number;
  input?: number;
  classes?: number;
  data: string;
  steps: number;
  batch?: number;
  lr?: number;
  schedule?: ScheduleMode;
  aux: boolean;
  seed: number;
  init: string;
  weights?: string;
  emaDecay?: number;
  maxTrain?: number;
  maxVal?: number;
  runName?: string;
  force?: boolean;
}

function parseInit(raw: string): string {
  if (raw === 'none' || raw in INIT_SCHEMES) return raw;
  throw new InvalidArgumentError(`must be none or one of ${Object.keys(INIT_SCHEMES).join(', ')}.`);
}

function parseSchedule(raw: string): ScheduleMode {
  if (raw === 'rescaled' || raw === 'epochs' || raw === 'constant') return raw;
  throw new InvalidArgumentError('must be rescaled, epochs or constant.');
}

function parseFraction(raw: string): number {
  const n = Number(raw);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('must be a number between 0 and 1.');
  return n;
}

/** --data: the app's sources (exported as arrays), or imagefolder:ROOT (used in place on the cluster). */
function projectData(o: Opts): ProjectData {
  if (o.data.startsWith('imagefolder:'))
    return { kind: 'imagefolder', root: o.data.slice('imagefolder:'.length) };
  return { kind: 'app', source: parseDataArg(o.data, o.seed), maxTrain: o.maxTrain, maxVal: o.maxVal };
}

export function register(program: Command): void {
  variantOptions(program.command('export-training'))
    .description(
      'Write a distributed PyTorch training project (torchrun, DDP) for a network and recipe; its runs and checkpoints come back into the app',
    )
    .argument('<network>', 'network id (see `inception-explorer zoo`)')
    .requiredOption('-o, --out <dir>', 'the project folder to write (new or empty)')
    .option(
      '--classes <n>',
      "number of classes (default: the data's, or 1000 for imagefolder:)",
      parsePositiveInt,
    )
    .option(
      '--data <data>',
      'mnist, shapes, shapes-hard, a folder of class folders, cifar10:PATH (exported into the project), or imagefolder:ROOT (ROOT/train and ROOT/val on the training machine)',
      'mnist',
    )
    .option('--steps <n>', 'optimizer steps', parsePositiveInt, 1000)
    .option(
      '--batch <n>',
      "images per process and step (the recipe's default: 32, as the papers)",
      parsePositiveInt,
    )
    .option('--lr <rate>', "initial learning rate (default: the paper's)", parsePositiveNumber)
    .option('--schedule <mode>', 'rescaled, epochs or constant', parseSchedule)
    .option('--no-aux', 'train without the auxiliary heads')
    .option(
      '--seed <n>',
      'seed for the data split, the initial weights and the data order',
      parsePositiveInt,
      1,
    )
    .option(
      '--init <scheme>',
      `starting weights: ${Object.keys(INIT_SCHEMES).join(', ')} or none (PyTorch's)`,
      parseInit,
      'glorot-uniform',
    )
    .option(
      '-w, --weights <file>',
      'start from these weights instead (Keras .h5, TF.js model.json, .safetensors)',
    )
    .option('--ema-decay <d>', 'decay of the weights average used for validation', parseFraction)
    .option('--max-train <n>', 'cap on the training images exported', parsePositiveInt)
    .option('--max-val <n>', 'cap on the validation images exported', parsePositiveInt)
    .option('--run-name <name>', 'name of the run folder (runs/<name>)')
    .option('--force', 'write into a folder that is not empty')
    .addHelpText(
      'after',
      '\nThen, in DIR: `torchrun --standalone --nproc_per_node=N train.py` (README.md has the multi-node and Slurm commands).\n' +
        "Watch DIR/runs/<name> from the Training view to draw the run's curves live; its checkpoints open as weights.",
    )
    .action(async (network: string, opts: Opts) => {
      if (!isNetworkId(network)) throw new Error(`unknown network '${network}'`);
      const out = resolve(opts.out);
      if (existsSync(out) && (!statSync(out).isDirectory() || (readdirSync(out).length > 0 && !opts.force)))
        throw new Error(
          `${opts.out} exists and is not an empty folder; choose another --out or pass --force.`,
        );
      await mkdir(out, { recursive: true });
      const recipe: RecipeEdit = { useAux: opts.aux };
      if (opts.batch) recipe.batch = opts.batch;
      if (opts.lr) recipe.lr = opts.lr;
      if (opts.schedule) recipe.schedule = opts.schedule;
      const init: ProjectInit = opts.weights
        ? { kind: 'weights', source: { file: resolve(opts.weights) } }
        : opts.init === 'none'
          ? { kind: 'none' }
          : { kind: 'scheme', scheme: opts.init as InitScheme };
      const data = projectData(opts);
      const p = await exportTrainingProject(out, {
        network,
        flavour: opts.flavour,
        width: opts.width,
        input: opts.input,
        classes: opts.classes,
        recipe,
        data,
        steps: opts.steps,
        seed: opts.seed,
        init,
        emaDecay: opts.emaDecay,
        runName: opts.runName,
      });
      const images =
        p.trainImages !== undefined ? `, ${p.trainImages} training / ${p.valImages} validation images` : '';
      console.log(
        `wrote ${opts.out}: ${p.title} (${p.flavour}), ${p.params.toLocaleString('en-US')} parameters ` +
          `(${p.paramsWithAux.toLocaleString('en-US')} with aux heads)${images}; ${p.files.length} files`,
      );
      console.log(`next: cd ${opts.out} && torchrun --standalone --nproc_per_node=2 train.py`);
    });
}
