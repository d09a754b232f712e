/**
 * The engine's training service: starts groups of runs, runs each one on its own worker thread (so the
 * engine keeps answering while it trains, and two runs use both cores), relays their log records to
 * subscribers, and pauses, resumes and stops them. Runs found 'running' or 'paused' from an earlier
 * engine are marked 'interrupted' and can be resumed from their last checkpoint.
 */
import type { Worker } from 'node:worker_threads';
import { loadData } from '../data/index.js';
import { executeRun, type NetFactory } from './execute.js';
import { startReplicas } from './parallel.js';
import { planGroup } from './plan.js';
import { RunControl } from './session.js';
import { RunStore, runsDir } from './store.js';
import type {
  GroupRequest,
  LogRecord,
  RunMeta,
  RunStatus,
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

  constructor(private readonly o: ManagerOptions) {
    this.root = runsDir(o.dataDir);
    this.recover();
  }

  /** Runs left 'running' or 'paused' by a previous engine have no thread now. */
  private recover(): void {
    for (const m of RunStore.list(this.root)) {
      if (m.status !== 'running' && m.status !== 'paused') continue;
      const store = RunStore.open(this.root, m.id);
      const ck = store.checkpoints().at(-1) ?? 0;
      const message = `The engine stopped while this run was ${m.status}; resume continues from step ${ck} (its last checkpoint).`;
      const messageMsg = { key: `train.msg.interrupted.${m.status}`, params: { step: ck } };
      store.append({ t: 'status', step: ck, time: Date.now(), status: 'interrupted', message, messageMsg });
      store.updateMeta({ status: 'interrupted', message, messageMsg });
    }
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private publish(run: string, record: LogRecord): void {
    for (const l of this.listeners) l({ kind: 'train', run, record });
    if (record.t === 'status') {
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
    const backend = req.backend ?? this.o.backend;
    const loaded = loadData(req.data);
    const metas = planGroup(req, loaded, backend);
    for (const m of metas) RunStore.create(this.root, m);
    for (const m of metas) this.launch(m.id, backend);
    return metas;
  }

  private launch(id: string, backend: string): void {
    if (this.handles.has(id)) throw new Error(`run ${id} is already active`);
    const h: Handle = { id, waiters: [], done: Promise.resolve('created') };
    if (this.o.threads === false) {
      if (!this.o.factory) throw new Error('in-thread runs need a factory');
      h.control = new RunControl();
      h.done = executeRun(this.root, id, {
        factory: this.o.factory,
        control: h.control,
        onRecord: (r) => this.publish(id, r),
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
      });
      h.worker = w;
      h.done = new Promise<RunStatus>((resolve) => {
        let ended: RunStatus | null = null;
        w.on('message', (m: { type: 'record'; record: LogRecord } | { type: 'ended'; status: RunStatus }) => {
          if (m.type === 'record') this.publish(id, m.record);
          else ended = m.status;
        });
        w.on('error', (e) => {
          const message = `The training thread crashed: ${e.message}`;
          const messageMsg = { key: 'train.msg.crashed', params: { error: e.message } };
          const store = RunStore.open(this.root, id);
          const rec: LogRecord = {
            t: 'status',
            step: store.meta().lastStep,
            time: Date.now(),
            status: 'failed',
            message,
            messageMsg,
          };
          store.append(rec);
          store.updateMeta({ status: 'failed', message, messageMsg });
          this.publish(id, rec);
          ended = 'failed';
        });
        w.on('exit', () => resolve(ended ?? 'interrupted'));
      });
    }
    this.handles.set(id, h);
    void h.done.finally(() => this.handles.delete(id));
  }

  private handle(id: string): Handle {
    const h = this.handles.get(id);
    if (!h) throw new Error(`run ${id} is not active (status ${RunStore.open(this.root, id).meta().status})`);
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
    const m = this.meta(id);
    if (m.status === 'done') throw new Error(`run ${id} has finished all ${m.steps} steps`);
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
    return RunStore.open(this.root, id).meta();
  }

  list(): (RunMeta & { active: boolean })[] {
    return RunStore.list(this.root).map((m) => ({ ...m, active: this.handles.has(m.id) }));
  }

  history(id: string): { meta: RunMeta; steps: StepRecord[]; val: ValRecord[]; records: LogRecord[] } {
    const s = RunStore.open(this.root, id);
    return { meta: s.meta(), ...s.history() };
  }

  /** Stop every active run (engine shutdown); each checkpoints where it stands. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.handles.keys()].map((id) => this.stop(id)));
  }
}
