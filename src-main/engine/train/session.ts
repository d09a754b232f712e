/**
 * The run loop around a Trainer: steps, validation at each epoch end, checkpoints, the append-only log,
 * pause / resume / stop, and the NaN / divergence guard. It yields to the event loop between steps so
 * control messages get through. A disk that refuses a write (StorageError) stops the run, with the
 * reason, instead of failing it: once the folder is writable it resumes from its last checkpoint.
 */
import { cpuLoadPerCore } from './cpu-load.js';
import { currentOwner, StorageError, storageStopMessage, type RunStore } from './store.js';
import type { RunTrainer } from './run-trainer.js';
import { takeTelemetry } from './telemetry.js';
import type { LogRecord, RunStatus, StepRecord, TextMsg } from './types.js';

export class RunControl {
  private pauseWanted = false;
  private stopWanted = false;
  private wake: (() => void) | null = null;
  private listeners: ((s: 'paused' | 'running' | 'ended') => void)[] = [];

  get stopRequested(): boolean {
    return this.stopWanted;
  }
  get pauseRequested(): boolean {
    return this.pauseWanted;
  }
  pause(): void {
    this.pauseWanted = true;
  }
  resume(): void {
    this.pauseWanted = false;
    this.wake?.();
  }
  stop(): void {
    this.stopWanted = true;
    this.wake?.();
  }
  /** Resolves when the loop reaches the state (after the step in progress). */
  until(state: 'paused' | 'running' | 'ended'): Promise<void> {
    return new Promise((resolve) => {
      const l = (s: string) => {
        if (s === state || s === 'ended') {
          this.listeners = this.listeners.filter((x) => x !== l);
          resolve();
        }
      };
      this.listeners.push(l);
    });
  }
  /** Called by the loop. */
  notify(s: 'paused' | 'running' | 'ended'): void {
    for (const l of [...this.listeners]) l(s);
  }
  waitForResume(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.pauseWanted || this.stopWanted) return resolve();
      this.wake = () => {
        this.wake = null;
        resolve();
      };
    });
  }
}

/** Stops a run whose loss or gradients stop being numbers, or whose loss runs away. */
export class DivergenceGuard {
  private start: number | null = null;
  private over = 0;

  constructor(
    private readonly classes: number,
    private readonly factor = 10,
    private readonly patience = 3,
  ) {}

  check(r: StepRecord): string | null {
    return this.explain(r)?.text ?? null;
  }

  /** The stop message with its dictionary key and values, or null while the run is healthy. */
  explain(r: StepRecord): { text: string; msg: TextMsg } | null {
    const bad = (v: number) => !Number.isFinite(v);
    if (bad(r.loss) || bad(r.gradNorm)) {
      const heads = [
        bad(r.main) ? `main head loss ${r.main}` : '',
        ...Object.entries(r.aux)
          .filter(([, v]) => bad(v))
          .map(([k, v]) => `${k} loss ${v}`),
      ].filter(Boolean);
      const what = bad(r.loss)
        ? `the training loss became ${r.loss}`
        : `the gradient norm became ${r.gradNorm}`;
      // Per-head details stay in English (names and values); the sentence around them is translated.
      const kind = bad(r.loss) ? 'loss' : 'grad';
      const value = String(bad(r.loss) ? r.loss : r.gradNorm);
      return {
        text: `Stopped at step ${r.step}: ${what}${heads.length ? ` (${heads.join(', ')})` : ''}. Try a lower learning rate or gradient clipping; the last checkpoint is kept.`,
        msg: heads.length
          ? { key: `train.msg.stop.${kind}Heads`, params: { step: r.step, value, heads: heads.join(', ') } }
          : { key: `train.msg.stop.${kind}`, params: { step: r.step, value } },
      };
    }
    this.start ??= Math.max(r.loss, Math.log(this.classes));
    const limit = this.factor * this.start;
    this.over = r.loss > limit ? this.over + 1 : 0;
    if (this.over >= this.patience) {
      const params = {
        step: r.step,
        loss: r.loss.toPrecision(4),
        factor: this.factor,
        start: this.start.toPrecision(4),
        patience: this.patience,
      };
      return {
        text: `Stopped at step ${r.step}: the training loss diverged (${r.loss.toPrecision(4)}, above ${this.factor}× the starting ${this.start.toPrecision(4)} for ${this.patience} steps). Try a lower learning rate; the last checkpoint is kept.`,
        msg: { key: 'train.msg.stop.diverged', params },
      };
    }
    return null;
  }
}

export interface SessionOptions {
  checkpointEvery: number;
  /**
   * Also checkpoint when this many seconds of training passed since the last one (plan.ts sets 60 for
   * the default interval). A run always checkpoints after its first step, so a crash never restarts it
   * from 0.
   */
  checkpointSeconds?: number;
  /** Validate every this many steps too (epoch ends and the last step always). */
  valEvery?: number;
  /** Images of those periodic validations (epoch ends and the last step use the whole set). */
  valSubset?: number;
  control: RunControl;
  onRecord?: (rec: LogRecord) => void;
  /** Stop (as if killed) after this step: tests use it to simulate a crash without a checkpoint. */
  crashAfterStep?: number;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

export async function runSession(
  store: RunStore,
  trainer: RunTrainer,
  o: SessionOptions,
): Promise<RunStatus> {
  const steps = trainer.cfg.steps;
  const guard = new DivergenceGuard(trainer.cfg.classes);
  const emit = (logged: LogRecord) => {
    // Each step says how busy the CPU was, so a slow run can be told apart from a busy machine.
    const load = logged.t === 'step' ? cpuLoadPerCore() : undefined;
    const rec: LogRecord = load !== undefined && logged.t === 'step' ? { ...logged, load } : logged;
    store.append(rec);
    o.onRecord?.(rec);
  };
  // While running or paused the run names its owner, so a later reader can tell a dead one from a live one.
  const owner = currentOwner();
  const statusRecord = (s: RunStatus, message?: string, messageMsg?: TextMsg): LogRecord => ({
    t: 'status',
    step: trainer.step,
    time: Date.now(),
    status: s,
    ...(message ? { message } : {}),
    ...(message && messageMsg ? { messageMsg } : {}),
  });
  const status = (s: RunStatus, message?: string, messageMsg?: TextMsg) => {
    // Meta first: a listener that sees the record may read the meta at once. A new message replaces
    // the old key too, so the two never disagree.
    store.updateMeta({
      status: s,
      lastStep: trainer.step,
      owner: s === 'running' || s === 'paused' ? owner : undefined,
      ...(message !== undefined ? { message, messageMsg } : {}),
    });
    emit(statusRecord(s, message, messageMsg));
  };
  const everySeconds = o.checkpointSeconds ?? Infinity;
  let lastCheckpoint = store.checkpoints().at(-1) ?? 0;
  let lastCheckpointAt = performance.now();
  const checkpoint = () => {
    store.saveCheckpoint(trainer.snapshot());
    lastCheckpoint = trainer.step;
    lastCheckpointAt = performance.now();
    emit({ t: 'checkpoint', step: trainer.step, time: Date.now() });
  };
  // By steps, by time, and once after the first step, so an early crash does not restart from 0.
  const checkpointDue = () =>
    trainer.step % o.checkpointEvery === 0 ||
    (performance.now() - lastCheckpointAt) / 1000 >= everySeconds ||
    (lastCheckpoint === 0 && trainer.step === 1);

  let final: RunStatus = 'done';
  let message: string | undefined;
  let messageMsg: TextMsg | undefined;
  try {
    status('running');
    o.control.notify('running');
    while (trainer.step < steps) {
      if (o.control.stopRequested) {
        final = 'stopped';
        break;
      }
      if (o.control.pauseRequested) {
        checkpoint();
        status('paused');
        o.control.notify('paused');
        await o.control.waitForResume();
        if (o.control.stopRequested) {
          final = 'stopped';
          break;
        }
        status('running');
        o.control.notify('running');
      }
      const rec = await trainer.trainStep();
      const problem = guard.explain(rec);
      emit(rec);
      for (const t of takeTelemetry(trainer)) emit(t);
      if (problem) {
        final = 'failed';
        message = problem.text;
        messageMsg = problem.msg;
        break;
      }
      if (o.crashAfterStep !== undefined && rec.step >= o.crashAfterStep) return 'interrupted';
      const epochEnd = trainer.step % trainer.order.stepsPerEpoch === 0;
      const last = trainer.step === steps;
      const periodic = o.valEvery !== undefined && o.valEvery > 0 && trainer.step % o.valEvery === 0;
      if (epochEnd || last) emit(await trainer.evaluate());
      else if (periodic) emit(await trainer.evaluate(o.valSubset));
      if (last || epochEnd || checkpointDue()) checkpoint();
      await tick();
    }
    // A failed run keeps its last good checkpoint; a stopped one saves where it stands.
    if (final === 'stopped' && !store.checkpoints().includes(trainer.step)) checkpoint();
    status(final, message, messageMsg);
  } catch (e) {
    if (!(e instanceof StorageError)) throw e;
    // The disk refused a write: tell the listeners (the disk may not take it) and stop cleanly.
    const stop = storageStopMessage(e, trainer.step, lastCheckpoint);
    const rec = statusRecord('stopped', stop.text, stop.msg);
    try {
      store.updateMeta({
        status: 'stopped',
        lastStep: trainer.step,
        owner: undefined,
        message: stop.text,
        messageMsg: stop.msg,
      });
      store.append(rec);
    } catch (again) {
      if (!(again instanceof StorageError)) throw again;
    }
    o.onRecord?.(rec);
    final = 'stopped';
  }
  o.control.notify('ended');
  return final;
}
