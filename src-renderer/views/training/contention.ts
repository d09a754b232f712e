/**
 * Is the CPU contended, and does that make a run slower than promised (issue #14.5)? Each step record
 * carries the engine's CPU load (one-minute load average per core, engine/train/cpu-load.ts). Lesson
 * 13's preset also has a figure to compare with: the convergence benchmark trained it on a quiet
 * 2-core machine (bench/results/convergence.json: 400 steps of batch 16 per run, both runs together in
 * 54 s on ONNX Runtime).
 */
import type { RunMeta, StepRecord } from '../../../src-main/shared/protocol/index';
import { PRESETS } from './form';
import { MEASURED_PRESET } from '../lessons/measured-convergence';

/** Above this many runnable threads per core, other work competes with training for the CPU. */
export const BUSY_LOAD = 1.25;
/** A run is "slower than promised" when its whole run would take this much longer than the figure. */
const SLOWER = 1.25;
/** The benchmark's batch (bench/results/convergence.json, request.batch). */
const MEASURED_BATCH = 16;

export interface Expected {
  /** Images per second one run of the group trained at. */
  imagesPerSec: number;
  /** Seconds the whole run took. */
  seconds: number;
}

/** The measured figure for a run of lesson 13's preset (same networks, size, data and steps), else none. */
export function presetExpected(
  m: Pick<RunMeta, 'network' | 'width' | 'input' | 'data' | 'steps' | 'batch'>,
): Expected | undefined {
  const p = PRESETS.convergence;
  const same =
    (p.networks as readonly string[]).includes(m.network) &&
    m.width === p.width &&
    m.input === p.input &&
    m.steps === p.steps &&
    m.batch === MEASURED_BATCH &&
    m.data.kind === 'mnist';
  if (!same) return undefined;
  const seconds = MEASURED_PRESET.wallS;
  return { imagesPerSec: (p.steps * MEASURED_BATCH) / seconds, seconds };
}

export interface Contention {
  /** Load per core at the last step. */
  load: number;
  /** The run's speed now. */
  imagesPerSec: number;
  /** Seconds the whole run takes at this speed (time so far plus the estimate left). */
  totalSeconds: number;
  /** The measured figure it falls behind, when there is one and it does. */
  expected?: Expected;
}

/** What to say about the last step: nothing on a quiet CPU; the load, and the promise missed, when busy. */
export function contention(last: StepRecord | undefined, expected?: Expected): Contention | undefined {
  if (!last || last.load === undefined || last.load <= BUSY_LOAD) return undefined;
  const totalSeconds = last.wall + last.eta;
  const behind = expected && totalSeconds > expected.seconds * SLOWER ? expected : undefined;
  return {
    load: last.load,
    imagesPerSec: last.imagesPerSec,
    totalSeconds,
    ...(behind ? { expected: behind } : {}),
  };
}
