/**
 * `inception-explorer train <network> --data mnist|shapes|DIR --steps N`: a headless run with the same
 * code and the same logs as the app (runs go to <data folder>/runs/<id>, which the app lists).
 * Ctrl-C stops the run after its current step and saves a checkpoint; `--resume <id>` continues it.
 * `train --list` lists the stored runs; one left 'running' by a process that is gone shows as interrupted.
 */
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { initBackend, type BackendName } from '../../engine/backends.js';
import { loadData, parseDataArg, type DataSource } from '../../engine/data/index.js';
import { skipMessage } from '../../engine/data/folder.js';
import { executeRun } from '../../engine/train/execute.js';
import { createNet } from '../../engine/train/factory.js';
import { INIT_SCHEMES, type InitScheme } from '../../engine/train/init.js';
import { startReplicas } from '../../engine/train/parallel.js';
import { planGroup } from '../../engine/train/plan.js';
import { RunControl } from '../../engine/train/session.js';
import { effectiveStatus, ownerAlive, RunStore, runsDir } from '../../engine/train/store.js';
import { readDisplay } from '../../engine/train/display.js';
import type { LogRecord, RunMeta } from '../../engine/train/types.js';
import { isNetworkId } from '../../zoo/index.js';
import type { FlavourId } from '../../shared/spec.js';
import { parsePositiveInt, parsePositiveNumber } from '../options.js';

interface Opts {
  data: string;
  steps: number;
  width?: number;
  input?: number;
  flavour?: FlavourId;
  out?: string;
  batch?: number;
  seed: number;
  backend?: string;
  replicas: number;
  lr?: number;
  init: InitScheme;
  maxTrain?: number;
  checkpointEvery?: number;
  resume?: string;
  list?: boolean;
  quiet?: boolean;
  json?: boolean;
}

const dur = (s: number) =>
  !Number.isFinite(s)
    ? '?'
    : s >= 3600
      ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
      : s >= 60
        ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
        : `${s.toFixed(0)}s`;

/** One progress line per record, as the CLI prints it. */
export function formatRecord(meta: RunMeta, r: LogRecord): string | null {
  switch (r.t) {
    case 'step': {
      const aux = Object.entries(r.aux)
        .map(([k, v]) => `, ${k} ${v.toFixed(3)}`)
        .join('');
      return (
        `step ${r.step + 1}/${meta.steps}  epoch ${r.epoch.toFixed(2)}  loss ${r.loss.toFixed(4)} (main ${r.main.toFixed(3)}${aux})  ` +
        `batch top-1 error ${(r.top1 * 100).toFixed(1)}%  lr ${r.lr.toPrecision(3)}  ${r.imagesPerSec.toFixed(1)} img/s  ETA ${dur(r.eta)}`
      );
    }
    case 'val':
      return `  validation @ step ${r.step}: loss ${r.loss.toFixed(4)}  top-1 error ${(r.top1 * 100).toFixed(1)}%${r.top5 !== undefined ? `  top-5 error ${(r.top5 * 100).toFixed(1)}%` : ''}`;
    case 'status':
      return `[${r.status}] at step ${r.step}${r.message ? `: ${r.message}` : ''}`;
    case 'resume':
      return `resuming from step ${r.step}`;
    case 'checkpoint':
      return null;
    case 'note':
      return `note at step ${r.step}: ${r.message}`;
    case 'telemetry':
      // Inception-v4 §3.3: a residual branch fading against its shortcut is the paper's "dying".
      return r.dying.length
        ? `  warning @ step ${r.step}: the residual branch is dying in ${r.dying.join(', ')} (‖scale·branch‖ < 0.1% of ‖shortcut‖)`
        : null;
  }
}

/** One line per stored run, newest first: what `train --list` prints. */
export function formatRunList(metas: RunMeta[], root: string): string[] {
  if (metas.length === 0) return [`no runs in ${root}`];
  return metas.map((m) => {
    const status = effectiveStatus(m);
    const ck = new RunStore(root, m.id).checkpoints().at(-1);
    const where =
      status !== m.status
        ? ` (run.json says ${m.status}, but process ${m.owner?.pid ?? '?'} that trained it is gone; --resume ${m.id} continues from step ${ck ?? 0})`
        : m.owner && (m.status === 'running' || m.status === 'paused')
          ? ` (pid ${m.owner.pid})`
          : '';
    const msg = m.message && status === m.status && status !== 'running' ? `: ${m.message}` : '';
    // The name the user gave the run in the app (display.json), as the app shows it.
    const shown = readDisplay(join(root, m.id));
    const name = `${shown.name ?? m.name}${shown.hidden ? ' (hidden in the app)' : ''}`;
    return `${m.id}  ${status}${where}  step ${m.lastStep}/${m.steps}  checkpoint ${ck ?? '-'}  ${name}${msg}`;
  });
}

function list(o: Opts): number {
  const root = runsDir(o.out);
  const metas = RunStore.list(root);
  if (o.json) {
    const out = metas.map((m) => ({
      ...m,
      status: effectiveStatus(m),
      storedStatus: m.status,
      lastCheckpoint: new RunStore(root, m.id).checkpoints().at(-1) ?? null,
    }));
    console.log(JSON.stringify(out, null, 2));
  } else for (const line of formatRunList(metas, root)) console.log(line);
  return 0;
}

function every(steps: number): number {
  return Math.max(1, Math.round(steps / 50));
}

async function run(network: string, o: Opts): Promise<number> {
  const backend = (await initBackend(o.backend ? { force: o.backend as BackendName } : {})).active;
  const root = runsDir(o.out);
  let meta: RunMeta;
  let loadedSource: DataSource;
  let loaded;
  if (o.resume) {
    meta = RunStore.open(root, o.resume).meta();
    if ((meta.status === 'running' || meta.status === 'paused') && ownerAlive(meta.owner))
      throw new Error(
        `run ${meta.id} is being trained by process ${meta.owner!.pid}; stop it there before resuming it here`,
      );
    loadedSource = meta.data;
  } else {
    if (!isNetworkId(network)) throw new InvalidArgumentError(`unknown network '${network}'`);
    loadedSource = parseDataArg(o.data, o.seed);
    loaded = loadData(loadedSource);
    const skipped = skipMessage(loaded.skipped);
    if (skipped) console.error(`data: ${skipped}`);
    [meta] = planGroup(
      {
        runs: [
          {
            variant: { network, flavour: o.flavour, width: o.width, input: o.input },
            recipe: o.lr ? { lr: o.lr } : undefined,
          },
        ],
        data: loadedSource,
        steps: o.steps,
        batch: o.batch,
        seed: o.seed,
        init: o.init,
        replicas: o.replicas,
        maxTrain: o.maxTrain,
        checkpointEvery: o.checkpointEvery,
        backend,
      },
      loaded,
      backend,
    );
    RunStore.create(root, meta);
  }
  if (!o.quiet && !o.json) {
    console.log(
      `run ${meta.id}\n  ${meta.name} on ${backend}, ${meta.dataName} (${meta.trainCount} train / ${meta.valCount} val), batch ${meta.batch}, ${meta.steps} steps`,
    );
    console.log(`  ${meta.memoryText}\n  ${meta.scheduleText}\n  logs: ${RunStore.open(root, meta.id).dir}`);
  }
  const control = new RunControl();
  const onSignal = () => {
    console.error('\nstopping after this step (checkpoint saved; continue with --resume ' + meta.id + ')');
    control.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const n = every(meta.steps);
  let diskStop = false;
  const status = await executeRun(root, meta.id, {
    factory: createNet,
    control,
    loaded,
    replicas: (m) => startReplicas(m.replicas - 1, { root, id: m.id, backend }),
    onRecord: (r) => {
      if (r.t === 'status' && r.messageMsg?.key.startsWith('train.msg.storage.')) diskStop = true;
      if (o.json) return void console.log(JSON.stringify(r));
      if (o.quiet && r.t !== 'status') return;
      if (r.t === 'step' && (r.step + 1) % n !== 0 && r.step !== 0) return;
      const line = formatRecord(meta, r);
      if (line) console.log(line);
    },
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Stopped by Ctrl-C is a success; stopped by a disk that refused a write is not.
  return status === 'done' || (status === 'stopped' && !diskStop) ? 0 : 1;
}

export function register(program: Command): void {
  program
    .command('train')
    .description('Train a network headless, with the same logs and checkpoints as the app')
    .argument('[network]', 'network id, e.g. inception_v3, inception_resnet_v1')
    .option(
      '-d, --data <source>',
      'mnist, shapes (10 classes: shape × texture), shapes5 (5 classes: the shape only), shapes-hard (shapes with rotation, distractors and noise), a folder with one sub-folder per class, a CIFAR-10 binary folder, or cifar10:PATH',
      'shapes',
    )
    .option('-n, --steps <n>', 'training steps', parsePositiveInt, 100)
    .option('--width <w>', 'width multiplier, e.g. 0.125', parsePositiveNumber)
    .option('--input <size>', 'square input size in pixels, e.g. 32', parsePositiveInt)
    .option('-f, --flavour <flavour>', "the network's flavour (paper, released, torchvision)")
    .option(
      '-o, --out <dir>',
      'data folder; runs go to <dir>/runs (default $INCEPTION_DATA_DIR or ~/.inception-explorer)',
    )
    .option('-b, --batch <n>', 'batch size (default from the recipe: 32)', parsePositiveInt)
    .option(
      '--seed <n>',
      'seed for initialisation, data order, augmentation and the shapes dataset',
      parsePositiveInt,
      1,
    )
    .option('--init <scheme>', `initialisation: ${Object.keys(INIT_SCHEMES).join(', ')}`, 'glorot-uniform')
    .option('--lr <rate>', 'initial learning rate (default from the recipe)', parsePositiveNumber)
    .option('--backend <name>', 'force a TensorFlow.js backend (see `inception-explorer backends`)')
    .option(
      '--replicas <n>',
      'data-parallel worker threads, gradients averaged (optional: on a shared 2-core machine it did not pay, see docs/training.md)',
      parsePositiveInt,
      1,
    )
    .option('--max-train <n>', 'use at most this many training images', parsePositiveInt)
    .option(
      '--checkpoint-every <n>',
      'steps between checkpoints (default: every epoch, at most 200, and every 60 s of training; always after step 1)',
      parsePositiveInt,
    )
    .option('--resume <id>', 'continue a stored run from its last checkpoint (other options are ignored)')
    .option('--list', 'list the runs in the data folder (with --json: as JSON) and exit')
    .option('-q, --quiet', 'print only status changes')
    .option('--json', 'print every log record as a JSON line')
    .action(async (network: string | undefined, opts: Opts) => {
      if (opts.list) return void list(opts);
      if (!(opts.init in INIT_SCHEMES)) throw new InvalidArgumentError(`unknown --init '${opts.init}'`);
      if (!network && !opts.resume)
        throw new Error('name a network to train (or use --resume <id> or --list)');
      const code = await run(network ?? '', opts);
      if (code !== 0) process.exitCode = code;
    });
}
