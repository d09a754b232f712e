import { describe, expect, it } from 'vitest';
import { stageOf } from './progress';

describe('run stage and estimate', () => {
  const base = { loadingWeights: false, firstPass: true, nodes: 400, now: 10_000 };
  it('names the stage before the engine reports', () => {
    expect(stageOf({ ...base, loadingWeights: true }).stage).toBe('weights');
    expect(stageOf(base).stage).toBe('session');
    expect(stageOf({ ...base, firstPass: false }).stage).toBe('running');
    const p = { done: 0, total: 2, message: 'running the network' };
    expect(stageOf({ ...base, progress: p }).stage).toBe('session');
  });
  it('counts coded nodes and estimates the rest from the measured rate', () => {
    // 40 of 400 nodes took 1 s since coding began at node 0: 360 more take 9 s.
    const s = stageOf({
      ...base,
      progress: { done: 1.1, total: 2, message: 'measuring activations' },
      codingFrom: { t: 9_000, done: 1 },
    });
    expect(s).toMatchObject({ stage: 'coding', node: 40, nodes: 400 });
    expect(s.etaS).toBeCloseTo(9, 6);
  });
  it('gives no estimate before a rate is measured', () => {
    const s = stageOf({
      ...base,
      progress: { done: 1.2, total: 2, message: 'measuring activations' },
      codingFrom: { t: 10_000, done: 1.2 },
    });
    expect(s.etaS).toBeUndefined();
  });
});

describe('estimate of the pass itself', () => {
  it('counts down from an earlier pass’s rate', () => {
    const s = stageOf({
      loadingWeights: false,
      firstPass: true,
      nodes: 400,
      passStarted: 1_000,
      expectedPassMs: 5_000,
      now: 3_000,
    });
    expect(s).toMatchObject({ stage: 'session' });
    expect(s.etaS).toBeCloseTo(3, 6);
  });
});
