/**
 * Runs on disk, under <dataDir>/runs/<runId>/:
 *   run.json             what the run is (network, data, recipe, seed, conditions), rewritten atomically
 *   log.jsonl            append-only records, one JSON object per line, one write() each
 *   checkpoints/<step>/  weights.bin + optimizer.bin + state.json (written last, so its presence marks a
 *                        complete checkpoint; the folder is built under a temporary name and renamed)
 * A process killed mid-run (or a disk that fills up mid-write) leaves at most a partial last line: readers
 * skip it, and the first append of a RunStore cuts it off (to the last newline) and logs a 'note', so a
 * record appended after it is never glued onto it. A resumed run appends a 'resume' record; step records
 * at or after its step that came before it are superseded (the same steps are computed again from the
 * checkpoint).
 *
 * Writes that fail because of the disk (read-only, full, no permission, I/O error) throw StorageError,
 * which the run loop turns into a stopped run instead of a crash (see session.ts and manager.ts).
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import type { LogRecord, RunMeta, RunOwner, StepRecord, TextMsg, ValRecord } from './types.js';
import { RunError } from './run-errors.js';

/** What went wrong with the disk, from the errno (see errno(3)). */
export type StorageProblem = 'read_only' | 'no_space' | 'denied' | 'io';

const PROBLEMS: Record<string, StorageProblem> = {
  EROFS: 'read_only',
  ENOSPC: 'no_space',
  EDQUOT: 'no_space',
  EACCES: 'denied',
  EPERM: 'denied',
  EIO: 'io',
};

const PROBLEM_TEXT: Record<StorageProblem, string> = {
  read_only: 'the data folder is read-only',
  no_space: 'the disk holding the data folder is full',
  denied: 'the data folder cannot be written (permission denied)',
  io: 'the disk holding the data folder reported an I/O error',
};

/**
 * A write or read of a run's files that the disk refused. The message names the problem and the
 * file's role ('the log', 'a checkpoint'), never a path.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  /** The errno again, as Node's fs errors carry it: it survives a worker thread's error event. */
  readonly code: string;
  constructor(
    readonly problem: StorageProblem,
    /** The errno code (EROFS, ENOSPC, …). */
    readonly errno: string,
    /** What was being written, e.g. 'the log'. */
    readonly what: string,
  ) {
    super(`${PROBLEM_TEXT[problem]} (${errno} while writing ${what})`);
    this.code = errno;
  }

  /** The reason as a sentence part, e.g. "the data folder is read-only (EROFS while writing the log)". */
  get reason(): string {
    return this.message;
  }
}

/** The StorageError for a disk errno, or null for anything else (bugs stay bugs). */
export function asStorageError(e: unknown, what: string): StorageError | null {
  if (e instanceof StorageError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code in PROBLEMS)) return null;
  return new StorageError(PROBLEMS[code], code, what);
}

function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw asStorageError(e, what) ?? e;
  }
}

/** The sentence a run stopped by the disk shows, with its dictionary key (train.msg.storage.*). */
export function storageStopMessage(
  e: StorageError,
  step: number,
  checkpoint: number,
): { text: string; msg: TextMsg } {
  return {
    text: `Stopped at step ${step}: ${e.reason}. Make the folder writable (or free some space), then resume: the run continues from step ${checkpoint} (its last checkpoint).`,
    msg: {
      key: `train.msg.storage.${e.problem}`,
      params: { step, errno: e.errno, what: e.what, checkpoint },
    },
  };
}

/** This process as the owner of the runs it trains (see RunMeta.owner). */
export function currentOwner(): RunOwner {
  return { pid: process.pid, host: hostname(), since: Date.now() };
}

/** Whether a run's owner is a live process: only checkable on this host; another host's owner counts as live. */
export function ownerAlive(owner: RunOwner | undefined): boolean {
  if (!owner) return false;
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as { code?: string }).code === 'EPERM';
  }
}

/**
 * The status to show for a stored run: 'running' or 'paused' with no live owner means the process that
 * trained it died (SIGKILL, power loss) without saying so: 'interrupted'.
 */
export function effectiveStatus(m: RunMeta): RunMeta['status'] {
  if ((m.status === 'running' || m.status === 'paused') && !ownerAlive(m.owner)) return 'interrupted';
  return m.status;
}

/** The app's data folder: the argument, else $INCEPTION_DATA_DIR, else ~/.inception-explorer. */
export function dataDir(dir?: string): string {
  return dir ?? process.env.INCEPTION_DATA_DIR ?? join(homedir(), '.inception-explorer');
}

export function runsDir(dir?: string): string {
  return join(dataDir(dir), 'runs');
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Cuts a torn last line (no final newline) off the log; returns the bytes removed. Reads backwards in
 * chunks, so a long log is not read whole.
 */
function cutTornTail(path: string): number {
  if (!existsSync(path)) return 0;
  const fd = openSync(path, 'r+');
  try {
    const st = fstatSync(fd);
    const size = st.size;
    if (size === 0 || !st.isFile()) return 0;
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    let keep = 0;
    let first = true;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const n = readSync(fd, chunk, 0, end - start, start);
      const nl = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (first && nl === n - 1) return 0; // ends with a newline: nothing torn
      first = false;
      if (nl >= 0) {
        keep = start + nl + 1;
        break;
      }
      end = start;
    }
    ftruncateSync(fd, keep);
    return size - keep;
  } finally {
    closeSync(fd);
  }
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
  /** Whether this store has checked the log's tail for a torn line (done before its first append). */
  private tailChecked = false;

  constructor(
    root: string,
    readonly id: string,
  ) {
    this.dir = join(root, id);
  }

  static create(root: string, meta: RunMeta): RunStore {
    const s = new RunStore(root, meta.id);
    if (existsSync(join(s.dir, 'run.json'))) throw new Error(`run ${meta.id} already exists in ${root}`);
    guarded('a new run folder', () => {
      // One level at a time: a recursive mkdir on a read-only file system reports ENOENT, not EROFS.
      mkdirSync(root, { recursive: true });
      for (const d of [s.dir, join(s.dir, 'checkpoints')]) if (!existsSync(d)) mkdirSync(d);
    });
    s.writeMeta(meta);
    return s;
  }

  static open(root: string, id: string): RunStore {
    const s = new RunStore(root, id);
    if (!existsSync(join(s.dir, 'run.json'))) throw new RunError('not_found', `no run ${id} in ${root}`);
    return s;
  }

  /** Every run folder under root, newest first. */
  static list(root: string): RunMeta[] {
    if (!existsSync(root)) return [];
    const metas: RunMeta[] = [];
    for (const id of guarded('the runs folder', () => readdirSync(root))) {
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
    guarded('run.json', () => writeAtomic(join(this.dir, 'run.json'), JSON.stringify(meta, null, 2) + '\n'));
  }

  updateMeta(patch: Partial<RunMeta>): RunMeta {
    const m = { ...this.meta(), ...patch };
    this.writeMeta(m);
    return m;
  }

  append(rec: LogRecord): void {
    const path = join(this.dir, 'log.jsonl');
    guarded('the log', () => {
      if (!this.tailChecked) {
        const cut = cutTornTail(path);
        this.tailChecked = true;
        if (cut > 0) appendFileSync(path, JSON.stringify(this.tornNote(cut)) + '\n');
      }
      appendFileSync(path, JSON.stringify(rec) + '\n');
    });
  }

  private tornNote(bytes: number): LogRecord {
    let step = 0;
    try {
      step = this.meta().lastStep;
    } catch {
      // run.json unreadable: the note still says what happened.
    }
    return {
      t: 'note',
      step,
      time: Date.now(),
      message: `The log ended in a torn line (${bytes} bytes, cut by a crash or a full disk); it was removed before appending.`,
      messageMsg: { key: 'train.msg.note.tornLine', params: { bytes } },
    };
  }

  /** Raw records in file order; a torn last line is dropped. */
  rawLog(): LogRecord[] {
    const path = join(this.dir, 'log.jsonl');
    // Only a regular file is read: a device in its place (/dev/zero) would never end.
    if (!existsSync(path) || !statSync(path).isFile()) return [];
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
    guarded('a checkpoint', () => {
      mkdirSync(root, { recursive: true });
      // Half-written checkpoints of earlier attempts (a full disk, a kill) go first: they hold space.
      for (const d of readdirSync(root))
        if (d.startsWith('.tmp-')) rmSync(join(root, d), { recursive: true, force: true });
      const name = String(data.state.step).padStart(9, '0');
      const tmp = join(root, `.tmp-${name}-${process.pid}`);
      try {
        mkdirSync(tmp);
        writeFileSync(join(tmp, 'weights.bin'), bytes(data.weights));
        writeFileSync(join(tmp, 'optimizer.bin'), bytes(data.optimizer));
        writeFileSync(join(tmp, 'state.json'), JSON.stringify(data.state));
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        throw e;
      }
      const final = join(root, name);
      rmSync(final, { recursive: true, force: true });
      renameSync(tmp, final);
      for (const old of this.checkpoints().slice(0, -keep))
        rmSync(join(root, String(old).padStart(9, '0')), { recursive: true, force: true });
    });
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
