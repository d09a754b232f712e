/**
 * The Training view's state: runs from the engine's data folder with their histories, imported runs,
 * and the live stream of log records (train.metrics), kept open while the view is shown and reopened
 * whenever the engine comes back. Records are batched into one update every FLUSH_MS.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- Maps and Sets here are immutable values in $state.raw:
   every update builds a new one and assigns it, which is what triggers the views. */
import type {
  GroupRequest,
  ImportedRun,
  LogRecord,
  RunMeta,
  RunDisplay,
  TrainListItem,
  TrainSetMetaParams,
} from '../../../src-main/shared/protocol/index';
import type { Api, ApiStatus } from '../../lib/api/index';
import { applyRecord, earlierRuns, type RunHistory } from './series';

const FLUSH_MS = 250;

export class TrainingStore {
  runs = $state.raw<TrainListItem[]>([]);
  histories = $state.raw<Map<string, RunHistory>>(new Map());
  imported = $state.raw<ImportedRun[]>([]);
  hidden = $state.raw<Set<string>>(new Set());
  loaded = $state(false);
  streamError = $state<string | null>(null);
  backend = $state<string | null>(null);

  private stream: AbortController | null = null;
  private queue: { run: string; record: LogRecord }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: () => void = () => {};
  private lastPid: number | null = null;

  constructor(private readonly api: Api) {}

  start(): void {
    this.unsubscribe = this.api.subscribe((s) => this.onStatus(s));
  }

  stop(): void {
    this.unsubscribe();
    this.stream?.abort();
    this.stream = null;
    if (this.timer) clearTimeout(this.timer);
  }

  private onStatus(s: ApiStatus): void {
    const e = s.engine;
    if (e?.status !== 'ready' || s.connection !== 'open') return;
    if (e.pid === this.lastPid && this.stream) return;
    this.lastPid = e.pid;
    void this.reload();
  }

  /** Everything from scratch: list, histories, imports, and a fresh live stream. */
  async reload(): Promise<void> {
    this.stream?.abort();
    this.openStream();
    try {
      const [runs, imported, info] = await Promise.all([
        this.api.request('train.list'),
        this.api.request('curves.list'),
        this.api.request('engine.info'),
      ]);
      this.backend = info.backend.active;
      const hist = new Map<string, RunHistory>();
      await Promise.all(
        runs.map(async (r) => {
          const h = await this.api.request('train.history', { id: r.id });
          hist.set(r.id, { steps: h.steps, val: h.val });
        }),
      );
      // Records that arrived while the histories loaded are applied on top (duplicates are dropped).
      this.runs = runs;
      this.histories = hist;
      this.imported = imported;
      // Runs of earlier groups start unticked (the first load only: a reconnect keeps the user's ticks).
      if (!this.loaded) this.hidden = earlierRuns(runs);
      this.loaded = true;
      this.flush();
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === 'engine_restarted' || err.code === 'disconnected') return;
      this.streamError = err.message ?? String(e);
      this.loaded = true;
    }
  }

  private openStream(): void {
    const ctrl = new AbortController();
    this.stream = ctrl;
    this.streamError = null;
    this.api
      .request('train.metrics', undefined, {
        signal: ctrl.signal,
        onEvent: (ev) => {
          this.queue.push({ run: ev.run, record: ev.record });
          this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
        },
      })
      .catch((e: { code?: string; message?: string }) => {
        if (ctrl.signal.aborted || e.code === 'cancelled') return;
        if (this.stream === ctrl) this.stream = null;
        if (e.code !== 'engine_restarted' && e.code !== 'disconnected')
          this.streamError = e.message ?? String(e);
      });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.loaded || this.queue.length === 0) return;
    const q = this.queue;
    this.queue = [];
    const hist = new Map(this.histories);
    const statusOf = new Map<string, LogRecord & { t: 'status' }>();
    let unknown = false;
    for (const { run, record } of q) {
      const h = hist.get(run);
      if (!h) {
        unknown = true;
        hist.set(run, applyRecord({ steps: [], val: [] }, record));
        continue;
      }
      // A record already in the loaded history (it arrived during the load) is not added twice.
      if (record.t === 'step' && h.steps.length && h.steps[h.steps.length - 1].step >= record.step) continue;
      if (record.t === 'val' && h.val.length && h.val[h.val.length - 1].step >= record.step) continue;
      hist.set(run, applyRecord(h, record));
      if (record.t === 'status') statusOf.set(run, record);
    }
    this.histories = hist;
    if (statusOf.size) {
      this.runs = this.runs.map((r) => {
        const s = statusOf.get(r.id);
        return s
          ? {
              ...r,
              status: s.status,
              message: s.message,
              messageMsg: s.messageMsg,
              lastStep: s.step,
              active: s.status === 'running' || s.status === 'paused',
            }
          : r;
      });
    }
    // A run this page has not listed (started elsewhere, e.g. the CLI against the same folder).
    if (unknown) void this.refreshList();
  }

  async refreshList(): Promise<void> {
    this.runs = await this.api.request('train.list');
  }

  /** Renames, recolours or hides a run in the engine (beside its files), so every window sees it. */
  async setMeta(id: string, change: Omit<TrainSetMetaParams, 'id'>): Promise<void> {
    // Shown at once (as the user typed it); the engine's answer, or the old value on failure, replaces it.
    const before = this.runs.find((r) => r.id === id)?.display;
    this.patchDisplay(id, optimistic(before, change));
    try {
      this.patchDisplay(id, await this.api.request('train.setMeta', { id, ...change }));
    } catch (e) {
      this.patchDisplay(id, before);
      throw e;
    }
  }

  private patchDisplay(id: string, display: RunDisplay | undefined): void {
    this.runs = this.runs.map((r) => (r.id === id ? { ...r, display } : r));
  }

  async startGroup(req: GroupRequest): Promise<RunMeta[]> {
    const metas = await this.api.request('train.start', req);
    const hist = new Map(this.histories);
    for (const m of metas) if (!hist.has(m.id)) hist.set(m.id, { steps: [], val: [] });
    this.histories = hist;
    await this.refreshList();
    // The new group is the comparison: earlier runs are unticked (imported runs keep their ticks).
    const group = metas[0]?.groupId;
    if (group !== undefined) {
      const next = new Set([...this.hidden].filter((id) => !this.runs.some((r) => r.id === id)));
      for (const id of earlierRuns(this.runs, group)) next.add(id);
      this.hidden = next;
    }
    return metas;
  }

  async control(id: string, action: 'pause' | 'resume' | 'stop'): Promise<void> {
    const meta =
      action === 'pause'
        ? await this.api.request('train.pause', { id })
        : action === 'resume'
          ? await this.api.request('train.resume', { id })
          : await this.api.request('train.stop', { id });
    this.runs = this.runs.map((r) => (r.id === id ? { ...r, ...meta, active: action !== 'stop' } : r));
  }

  async importFile(file: File): Promise<ImportedRun[]> {
    const data = await file.arrayBuffer();
    const runs = await this.api.request('curves.import', { file: file.name, data });
    this.imported = [...this.imported, ...runs];
    return runs;
  }

  async removeImport(id: string): Promise<void> {
    await this.api.request('curves.remove', { id });
    this.imported = this.imported.filter((r) => r.id !== id);
  }

  async exportCsv(): Promise<string> {
    const visible = (id: string) => !this.hidden.has(id);
    const r = await this.api.request('curves.export', {
      runs: this.runs.map((m) => m.id).filter(visible),
      imported: this.imported.map((m) => m.id).filter(visible),
    });
    return r.csv;
  }

  toggle(id: string): void {
    const next = new Set(this.hidden);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.hidden = next;
  }

  /** Steps done by a run: its last logged step + 1 (records are 0-based). */
  done(id: string): number {
    const h = this.histories.get(id);
    const last = h?.steps[h.steps.length - 1];
    return last ? last.step + 1 : 0;
  }
}

/** What the engine will store for `change` ('' or false clears), guessed for the moment before it answers. */
function optimistic(before: RunDisplay | undefined, change: Omit<TrainSetMetaParams, 'id'>): RunDisplay {
  const next = { ...before };
  if (change.name !== undefined) next.name = change.name.trim() || undefined;
  if (change.colour !== undefined) next.colour = change.colour || undefined;
  if (change.hidden !== undefined) next.hidden = change.hidden || undefined;
  return next;
}
