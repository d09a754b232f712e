/**
 * Runs on disk, under <dataDir>/runs/<runId>/:
 *   run.json             what the run is (network, data, recipe, seed, conditions), rewritten atomically
 *   log.jsonl            append-only records, one JSON object per line, one write() each
 *   checkpoints/<step>/  weights.bin + optimizer.bin + state.json (written last, so its presence marks a
 *                        complete checkpoint; the folder is built under a temporary name and renamed)
 * A process killed mid-run loses at most a partial last line, which readers skip. A resumed run appends a
 * 'resume' record; step records at or after its step that came before it are superseded (the same steps
 * are computed again from the checkpoint).
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord, RunMeta, StepRecord, ValRecord } from './types.js';

/** The app's data folder: the argument, else $INCEPTION_DATA_DIR, else ~/.inception-explorer. */
export function dataDir(dir?: string): string {
  return dir ?? process.env.INCEPTION_DATA_DIR ?? join(homedir(), '.inception-explorer');
}

export function runsDir(dir?: string): string {
  return join(dataDir(dir), 'runs');
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export interface CheckpointState {
  step: number;
  epoch: number;
  /** Active training seconds so far (pauses and restarts excluded). */
  wall: number;
  /** The data order and augmentation are functions of (seed, epoch, index); `step` places the cursor. */
  rng: { seed: number; epoch: number; offset: number };
  weights: { name: string; shape: number[]; offset: number }[];
  optimizer: { variable: string; slot: string; shape: number[]; offset: number }[];
  savedAt: number;
}

export interface CheckpointData {
  state: CheckpointState;
  weights: Float32Array;
  optimizer: Float32Array;
}

export class RunStore {
  readonly dir: string;

  constructor(
    root: string,
    readonly id: string,
  ) {
    this.dir = join(root, id);
  }

  static create(root: string, meta: RunMeta): RunStore {
    const s = new RunStore(root, meta.id);
    if (existsSync(join(s.dir, 'run.json'))) throw new Error(`run ${meta.id} already exists in ${root}`);
    mkdirSync(join(s.dir, 'checkpoints'), { recursive: true });
    s.writeMeta(meta);
    return s;
  }

  static open(root: string, id: string): RunStore {
    const s = new RunStore(root, id);
    if (!existsSync(join(s.dir, 'run.json'))) throw new Error(`no run ${id} in ${root}`);
    return s;
  }

  /** Every run folder under root, newest first. */
  static list(root: string): RunMeta[] {
    if (!existsSync(root)) return [];
    const metas: RunMeta[] = [];
    for (const id of readdirSync(root)) {
      try {
        metas.push(JSON.parse(readFileSync(join(root, id, 'run.json'), 'utf8')) as RunMeta);
      } catch {
        // Not a run folder (or one being created): skip.
      }
    }
    return metas.sort((a, b) => b.createdAt - a.createdAt);
  }

  meta(): RunMeta {
    return JSON.parse(readFileSync(join(this.dir, 'run.json'), 'utf8')) as RunMeta;
  }

  writeMeta(meta: RunMeta): void {
    writeAtomic(join(this.dir, 'run.json'), JSON.stringify(meta, null, 2) + '\n');
  }

  updateMeta(patch: Partial<RunMeta>): RunMeta {
    const m = { ...this.meta(), ...patch };
    this.writeMeta(m);
    return m;
  }

  append(rec: LogRecord): void {
    appendFileSync(join(this.dir, 'log.jsonl'), JSON.stringify(rec) + '\n');
  }

  /** Raw records in file order; a torn last line is dropped. */
  rawLog(): LogRecord[] {
    const path = join(this.dir, 'log.jsonl');
    if (!existsSync(path)) return [];
    const out: LogRecord[] = [];
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as LogRecord);
      } catch {
        // A line cut by a kill; everything before it is intact.
      }
    }
    return out;
  }

  /** The run's history with superseded records removed: what the curves draw. */
  history(): { steps: StepRecord[]; val: ValRecord[]; records: LogRecord[] } {
    const recs = this.rawLog();
    const keep: LogRecord[] = [];
    for (const r of recs) {
      if (r.t === 'resume') {
        for (let i = keep.length - 1; i >= 0; i--) {
          const k = keep[i];
          if ((k.t === 'step' || k.t === 'val') && k.step >= r.step) keep.splice(i, 1);
        }
      }
      keep.push(r);
    }
    return {
      steps: keep.filter((r): r is StepRecord => r.t === 'step'),
      val: keep.filter((r): r is ValRecord => r.t === 'val'),
      records: keep,
    };
  }

  private ckptRoot(): string {
    return join(this.dir, 'checkpoints');
  }

  /** Steps of complete checkpoints, ascending. */
  checkpoints(): number[] {
    const root = this.ckptRoot();
    if (!existsSync(root)) return [];
    return readdirSync(root)
      .filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, 'state.json')))
      .map(Number)
      .sort((a, b) => a - b);
  }

  saveCheckpoint(data: CheckpointData, keep = 2): void {
    const root = this.ckptRoot();
    mkdirSync(root, { recursive: true });
    const name = String(data.state.step).padStart(9, '0');
    const tmp = join(root, `.tmp-${name}-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'weights.bin'), bytes(data.weights));
    writeFileSync(join(tmp, 'optimizer.bin'), bytes(data.optimizer));
    writeFileSync(join(tmp, 'state.json'), JSON.stringify(data.state));
    const final = join(root, name);
    rmSync(final, { recursive: true, force: true });
    renameSync(tmp, final);
    for (const old of this.checkpoints().slice(0, -keep))
      rmSync(join(root, String(old).padStart(9, '0')), { recursive: true, force: true });
  }

  loadCheckpoint(step?: number): CheckpointData | null {
    const all = this.checkpoints();
    const s = step ?? all[all.length - 1];
    if (s === undefined) return null;
    const d = join(this.ckptRoot(), String(s).padStart(9, '0'));
    const state = JSON.parse(readFileSync(join(d, 'state.json'), 'utf8')) as CheckpointState;
    return {
      state,
      weights: floats(readFileSync(join(d, 'weights.bin'))),
      optimizer: floats(readFileSync(join(d, 'optimizer.bin'))),
    };
  }
}

const bytes = (f: Float32Array) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength);

function floats(b: Buffer): Float32Array {
  // Copy into an aligned buffer: a Buffer's byteOffset need not be a multiple of 4.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
