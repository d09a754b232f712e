/**
 * Watching a run folder (local or a mounted cluster share) while a job writes it: the folder is polled
 * (fs.watch misses changes on NFS/SMB/sshfs mounts), and whenever its event file (or, without one, its
 * metrics.csv) grows, the whole file is parsed again with the curves importer and the run is reported
 * under a stable id, so the chart replaces the run's curves instead of adding a new run. A partial record
 * at the end of an event file (a write in progress) is left for the next poll by the importer.
 *
 * The folder may be a run folder (runs/<name>) or a project folder: then every runs/<name> inside is
 * watched. Only names listed in the folder are read, each through resolveInside + readRegularFile, so a
 * symlink out of the folder, a FIFO or an endless file is refused like anywhere else in the app.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { importCurves } from '../curves/import.js';
import { CurveImportError, type ImportedRun } from '../curves/types.js';
import { FileAccessError, readRegularFile, resolveInside } from '../fs/safe-file.js';

/** An event file of a long run is a few MB; the cap only stops a wrong folder from filling memory. */
export const MAX_WATCH_BYTES = 256 * 1024 * 1024;
export const DEFAULT_INTERVAL_MS = 2000;

export class WatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchError';
  }
}

interface Seen {
  file: string;
  size: number;
  mtimeMs: number;
}

const isEvents = (f: string) => f.startsWith('events.out.tfevents.');

/** The run folders to watch: the folder itself if it holds logs, else its runs/<name> (or <name>) children. */
async function runFolders(root: string): Promise<string[]> {
  const names = await readdir(root).catch(() => {
    throw new WatchError('The folder does not exist or cannot be read.');
  });
  if (names.some((n) => isEvents(n) || n === 'metrics.csv')) return [''];
  const base = names.includes('runs') ? 'runs' : '';
  const inner = base ? await readdir(join(root, base)).catch(() => [] as string[]) : names;
  const out: string[] = [];
  for (const n of inner) {
    const rel = base ? `${base}/${n}` : n;
    const entries = await readdir(join(root, rel)).catch(() => [] as string[]);
    if (entries.some((e) => isEvents(e) || e === 'metrics.csv')) out.push(rel);
  }
  return out;
}

/** The log file a run folder is read from: its newest event file, else metrics.csv. */
async function logFile(root: string, rel: string): Promise<string | null> {
  const dir = rel ? join(root, rel) : root;
  const names = await readdir(dir).catch(() => [] as string[]);
  const events = names.filter(isEvents).sort();
  const pick = events.length
    ? events[events.length - 1]!
    : names.includes('metrics.csv')
      ? 'metrics.csv'
      : null;
  return pick ? (rel ? `${rel}/${pick}` : pick) : null;
}

const stableId = (root: string, rel: string) =>
  `watch-${createHash('sha1').update(`${root}\0${rel}`).digest('hex').slice(0, 12)}`;

/**
 * Polls `root` until the signal aborts, calling onRun with a run each time its log changed (once at start
 * for what is already there). Resolves when aborted; rejects with WatchError when the folder is unusable.
 */
export async function watchRunFolder(
  root: string,
  o: {
    signal: AbortSignal;
    onRun: (run: ImportedRun) => void;
    intervalMs?: number;
    onNote?: (note: string) => void;
  },
): Promise<void> {
  const seen = new Map<string, Seen>();
  const interval = Math.max(200, o.intervalMs ?? DEFAULT_INTERVAL_MS);
  const rootName = basename(root);
  for (let first = true; !o.signal.aborted; first = false) {
    const rels = await runFolders(root);
    if (first && rels.length === 0)
      o.onNote?.(`${rootName} holds no event file or metrics.csv yet; waiting for the run to write one.`);
    for (const rel of rels) {
      const file = await logFile(root, rel);
      if (!file) continue;
      let path: string;
      try {
        path = await resolveInside(root, file);
      } catch (e) {
        if (e instanceof FileAccessError) continue; // a link out of the folder: not ours to read
        throw e;
      }
      const st = await stat(path).catch(() => null);
      if (!st) continue;
      const prev = seen.get(rel);
      if (prev && prev.file === file && prev.size === st.size && prev.mtimeMs === st.mtimeMs) continue;
      seen.set(rel, { file, size: st.size, mtimeMs: st.mtimeMs });
      let bytes: Buffer;
      try {
        bytes = await readRegularFile(path, { maxBytes: MAX_WATCH_BYTES, label: basename(file) });
      } catch (e) {
        if (e instanceof FileAccessError) {
          o.onNote?.(`${basename(file)}: ${e.message}`);
          continue;
        }
        throw e;
      }
      if (bytes.length === 0) continue;
      try {
        for (const run of importCurves(basename(file), bytes)) {
          run.id = stableId(root, rel);
          run.name = rel ? basename(rel) : rootName;
          run.notes.push(`Watched: ${rel ? `${rootName}/${rel}` : rootName}, updated as the run writes.`);
          o.onRun(run);
          break; // one run per folder (a long CSV of several runs is an export, not a live log)
        }
      } catch (e) {
        if (!(e instanceof CurveImportError)) throw e;
        o.onNote?.(e.message);
      }
    }
    await sleep(interval, o.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
