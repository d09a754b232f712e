/**
 * The engine's training service: starts groups of runs, runs each one on its own worker thread (so the
 * engine keeps answering while it trains, and two runs use both cores), relays their log records to
 * subscribers, and pauses, resumes and stops them. Runs found 'running' or 'paused' whose owner process
 * is gone (an earlier engine, a killed CLI) are marked 'interrupted' and can be resumed from their last
 * checkpoint.
 *
 * A disk that refuses writes never takes the engine down: the run stops with the reason, and a state
 * the disk could not take (the run's final status) is kept here and shown by list() and meta() until a
 * later call manages to write it, so the manager and the other runs keep working and a stopped run
 * resumes once the folder is writable again.
 */
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { loadData } from '../data/index.js';
import { executeRun, type NetFactory } from './execute.js';
import { startReplicas } from './parallel.js';
import { planGroup } from './plan.js';
import { RunError } from './run-errors.js';
import { RunControl } from './session.js';
import { asStorageError, ownerAlive, RunStore, runsDir, StorageError } from './store.js';
import type {
  GroupRequest,
  LogRecord,
  RunMeta,
  RunStatus,
  StatusRecord,
  StepRecord,
  TrainEvent,
  ValRecord,
} from './types.js';
import { startWorker } from './workers.js';

export interface ManagerOptions {
  /** The app's data folder (runs go to <dataDir>/runs). */
  dataDir?: string;
  /** The backend runs use unless a request forces one. */
  backend: string;
  /** Run on worker threads (default) or on this thread (tests, CLI). */
  threads?: boolean;
  /** For threads: module exporting createNet(meta). For this thread: the factory itself. */
  factoryModule?: string;
  factory?: NetFactory;
}

interface Handle {
  id: string;
  control?: RunControl;
  worker?: Worker;
  done: Promise<RunStatus>;
  /** Resolvers waiting for the run to reach a state. */
  waiters: { state: string; resolve: () => void }[];
}

type Listener = (e: TrainEvent) => void;

export class RunManager {
  readonly root: string;
  private readonly handles = new Map<string, Handle>();
  private readonly listeners = new Set<Listener>();
  /** The last status record each run published in this process. */
  private readonly lastStatus = new Map<string, StatusRecord>();
  /** Final states the disk refused, by run: shown over run.json until a write succeeds. */
  private readonly unsaved = new Map<string, { rec: StatusRecord; error: StorageError }>();

  constructor(private readonly o: ManagerOptions) {
    this.root = runsDir(o.dataDir);
    this.recover();
  }

  /** Whether a run's owner is alive: this process only through a live handle, others by their pid. */
  private owned(m: RunMeta): boolean {
    if (m.owner && m.owner.pid === process.pid && m.owner.host === hostname()) return this.handles.has(m.id);
    return ownerAlive(m.owner);
  }

  /**
   * Runs left 'running' or 'paused' by a process that is gone (an earlier engine, a CLI killed with
   * SIGKILL) have no thread now: they become 'interrupted'. Runs of a live process (a CLI training
   * against the same folder) are left alone. A disk that refuses the mark gets it later.
   */
  private recover(): void {
    let metas: RunMeta[];
    try {
      metas = RunStore.list(this.root);
    } catch (e) {
      if (asStorageError(e, 'the runs folder')) return; // list() says why when asked
      throw e;
    }
    for (const m of metas) {
      if (m.status !== 'running' && m.status !== 'paused') continue;
      if (this.handles.has(m.id) || this.unsaved.has(m.id) || this.owned(m)) continue;
      const store = new RunStore(this.root, m.id);
      const ck = store.checkpoints().at(-1) ?? 0;
      const message = `The engine stopped while this run was ${m.status}; resume continues from step ${ck} (its last checkpoint).`;
      const messageMsg = { key: `train.msg.interrupted.${m.status}`, params: { step: ck } };
      const rec: StatusRecord = {
        t: 'status',
        step: ck,
        time: Date.now(),
        status: 'interrupted',
        message,
        messageMsg,
      };
      this.save(m.id, rec);
    }
  }

  /** Writes a run's status (meta, then log); a disk that refuses keeps it in `unsaved`. */
  private save(id: string, rec: StatusRecord): void {
    try {
      const store = new RunStore(this.root, id);
      store.updateMeta({
        status: rec.status,
        message: rec.message,
        messageMsg: rec.messageMsg,
        owner: undefined,
        ...(rec.status === 'interrupted' ? {} : { lastStep: rec.step }),
      });
      store.append(rec);
      this.unsaved.delete(id);
    } catch (e) {
      // The run's folder is gone (deleted while the run wound down): there is nothing left to write to.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.unsaved.delete(id);
        return;
      }
      const error = asStorageError(e, 'run.json');
      if (!error) throw e;
      this.unsaved.set(id, { rec, error });
    }
  }

  /** Retries the states the disk refused; called before every answer that reads runs. */
  private flush(): void {
    for (const [id, { rec }] of [...this.unsaved]) if (!this.handles.has(id)) this.save(id, rec);
  }

  /** run.json with any state the disk has not taken yet. */
  private overlay(m: RunMeta): RunMeta {
    // A run whose thread is still winding down (disposing) has already said its last word.
    const rec = this.handles.has(m.id) ? this.finalWord(m.id) : this.unsaved.get(m.id)?.rec;
    if (!rec || rec.status === m.status) return m;
    const { owner: _owner, ...rest } = m;
    void _owner;
    return {
      ...rest,
      status: rec.status,
      message: rec.message,
      messageMsg: rec.messageMsg,
      ...(rec.status === 'interrupted' ? {} : { lastStep: rec.step }),
    };
  }

  /** The run's last status in this process if it is a final one (the run ended, or is ending). */
  private finalWord(id: string): StatusRecord | undefined {
    const rec = this.lastStatus.get(id);
    return rec && ['stopped', 'done', 'failed'].includes(rec.status) ? rec : undefined;
  }

  /** Whether the run trains in this process now (a thread that has said its last word does not). */
  private active(id: string): boolean {
    return this.handles.has(id) && !this.finalWord(id);
  }

  /**
   * After a run's thread ends: if run.json does not say what the run last said (the disk refused the
   * write, or the thread died before it could), keep that state until it can be written.
   */
  private settle(id: string): void {
    const rec = this.lastStatus.get(id);
    if (!rec || rec.status === 'running' || rec.status === 'paused') {
      // Ended without a final word (a thread that died): whatever run.json says, it is not running.
      let m: RunMeta | null = null;
      try {
        m = RunStore.open(this.root, id).meta();
      } catch {
        // Unreadable: recover() and list() will see it again.
      }
      if (m && (m.status === 'running' || m.status === 'paused')) {
        const error = 'it ended without finishing';
        const message = `The training thread crashed: ${error}`;
        const messageMsg = { key: 'train.msg.crashed', params: { error } };
        this.save(id, {
          t: 'status',
          step: m.lastStep,
          time: Date.now(),
          status: 'failed',
          message,
          messageMsg,
        });
      }
      return;
    }
    let disk: RunMeta | null = null;
    try {
      disk = RunStore.open(this.root, id).meta();
    } catch {
      // run.json unreadable: the overlay stands in.
    }
    if (!disk || disk.status !== rec.status || disk.message !== rec.message) this.save(id, rec);
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private publish(run: string, record: LogRecord): void {
    for (const l of this.listeners) l({ kind: 'train', run, record });
    if (record.t === 'status') {
      this.lastStatus.set(run, record);
      const h = this.handles.get(run);
      if (h) {
        const hit = h.waiters.filter(
          (w) => w.state === record.status || ['done', 'failed', 'stopped'].includes(record.status),
        );
        h.waiters = h.waiters.filter((w) => !hit.includes(w));
        hit.forEach((w) => w.resolve());
      }
    }
  }

  /** Create and start every run of the group. Data problems throw before anything is stored. */
  async startGroup(req: GroupRequest): Promise<RunMeta[]> {
    this.flush();
    const backend = req.backend ?? this.o.backend;
    const loaded = loadData(req.data);
    const metas = planGroup(req, loaded, backend);
    const created: RunStore[] = [];
    try {
      for (const m of metas) created.push(RunStore.create(this.root, m));
    } catch (e) {
      // All or nothing: a group half on disk would start one network without its partner.
      for (const s of created) rmSync(s.dir, { recursive: true, force: true });
      throw e;
    }
    // The group's runs train side by side: they share the cores (and any run already going).
    const share = this.handles.size + metas.length;
    for (const m of metas) this.launch(m.id, backend, share);
    return metas;
  }

  private launch(id: string, backend: string, share = this.handles.size + 1): void {
    if (this.handles.has(id)) throw new RunError('already_active', `run ${id} is already active`);
    const h: Handle = { id, waiters: [], done: Promise.resolve('created') };
    if (this.o.threads === false) {
      if (!this.o.factory) throw new Error('in-thread runs need a factory');
      h.control = new RunControl();
      h.done = executeRun(this.root, id, {
        factory: this.o.factory,
        control: h.control,
        onRecord: (r) => this.publish(id, r),
        share,
        replicas: (meta) =>
          startReplicas(meta.replicas - 1, {
            root: this.root,
            id,
            backend,
            factoryModule: this.o.factoryModule,
          }),
      });
    } else {
      const w = startWorker('run-worker', {
        root: this.root,
        id,
        backend,
        factoryModule: this.o.factoryModule,
        share,
      });
      h.worker = w;
      h.done = new Promise<RunStatus>((resolve) => {
        let ended: RunStatus | null = null;
        w.on('message', (m: { type: 'record'; record: LogRecord } | { type: 'ended'; status: RunStatus }) => {
          if (m.type === 'record') this.publish(id, m.record);
          else ended = m.status;
        });
        // Runs in the engine's main thread: nothing here may throw (an exception would end the engine).
        w.on('error', (e) => {
          const storage = asStorageError(e, 'the run');
          if (storage) {
            ended = 'stopped';
            return; // the session already said why (session.ts); settle() keeps it if the disk did not
          }
          const message = `The training thread crashed: ${e.message}`;
          const messageMsg = { key: 'train.msg.crashed', params: { error: e.message } };
          let step = 0;
          try {
            step = RunStore.open(this.root, id).meta().lastStep;
          } catch {
            // run.json unreadable: step 0 stands in.
          }
          const rec: StatusRecord = {
            t: 'status',
            step,
            time: Date.now(),
            status: 'failed',
            message,
            messageMsg,
          };
          this.save(id, rec);
          this.publish(id, rec);
          ended = 'failed';
        });
        w.on('exit', () => resolve(ended ?? 'interrupted'));
      });
    }
    this.handles.set(id, h);
    // wait() answers a run that failed; this chain only tidies up, so its rejection is not left unhandled.
    void h.done
      .catch(() => undefined)
      .finally(() => {
        this.handles.delete(id);
        this.settle(id);
      });
  }

  private handle(id: string): Handle {
    const h = this.handles.get(id);
    if (!h) throw new RunError('not_active', `run ${id} is not active (status ${this.meta(id).status})`);
    return h;
  }

  private send(h: Handle, cmd: 'pause' | 'resume' | 'stop'): void {
    if (h.worker) h.worker.postMessage({ cmd });
    else if (h.control) h.control[cmd]();
  }

  private reach(h: Handle, state: RunStatus): Promise<void> {
    return new Promise((resolve) => h.waiters.push({ state, resolve }));
  }

  /** Resolves once the run has checkpointed and paused (after its current step). */
  async pause(id: string): Promise<RunMeta> {
    const h = this.handle(id);
    const reached = this.reach(h, 'paused');
    this.send(h, 'pause');
    await reached;
    return this.meta(id);
  }

  /** Resume a paused run, or restart an interrupted/stopped/failed one from its last checkpoint. */
  async resume(id: string, backend?: string): Promise<RunMeta> {
    const h = this.handles.get(id);
    if (h) {
      this.send(h, 'resume');
      return this.meta(id);
    }
    this.flush();
    const m = this.meta(id);
    if (m.status === 'done') throw new RunError('finished', `run ${id} has finished all ${m.steps} steps`);
    if ((m.status === 'running' || m.status === 'paused') && m.owner && this.owned(m))
      throw new RunError(
        'already_active',
        `run ${id} is already active in another process (pid ${m.owner.pid}${m.owner.host === hostname() ? '' : ` on ${m.owner.host}`}); stop it there first`,
      );
    // flush() just tried to write this run's state: if the disk still refuses, say so now.
    const refused = this.unsaved.get(id);
    if (refused) throw refused.error;
    this.launch(id, backend ?? m.backend ?? this.o.backend);
    return m;
  }

  async stop(id: string): Promise<RunMeta> {
    const h = this.handles.get(id);
    if (!h) return this.meta(id);
    this.send(h, 'stop');
    await h.done;
    return this.meta(id);
  }

  /** Waits for a run's thread to finish. */
  async wait(id: string): Promise<RunStatus> {
    return (await this.handles.get(id)?.done) ?? this.meta(id).status;
  }

  meta(id: string): RunMeta {
    return this.overlay(RunStore.open(this.root, id).meta());
  }

  /** Every run, newest first; runs whose owner died since the last look are marked interrupted first. */
  list(): (RunMeta & { active: boolean })[] {
    this.flush();
    this.recover();
    return RunStore.list(this.root).map((m) => ({ ...this.overlay(m), active: this.active(m.id) }));
  }

  history(id: string): { meta: RunMeta; steps: StepRecord[]; val: ValRecord[]; records: LogRecord[] } {
    const s = RunStore.open(this.root, id);
    return { meta: this.overlay(s.meta()), ...s.history() };
  }

  /** Stop every active run (engine shutdown); each checkpoints where it stands. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.handles.keys()].map((id) => this.stop(id)));
  }
}
