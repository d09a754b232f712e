/**
 * What a run is doing, from the engine's progress events (engine/activations/pass.ts reports
 * 0/2 "running the network", then 1 + i/N of 2 while it measures and codes node i of N), with an
 * estimate of the time left from the rate measured so far in the current stage.
 */
export type RunStage = 'weights' | 'session' | 'running' | 'coding';

export interface StageInfo {
  stage: RunStage;
  /** Coding: the node reached and the node count. */
  node?: number;
  nodes?: number;
  /** Seconds left, when a rate has been measured. */
  etaS?: number;
}

export interface StageInput {
  /** Weights are being made before the pass (random weights for a first run). */
  loadingWeights: boolean;
  /** These weights have not run before: the engine builds their session first. */
  firstPass: boolean;
  /** The last progress event, if any. */
  progress?: { done: number; total: number; message?: string };
  /** Nodes the pass visits (the main graph, without aux heads). */
  nodes: number;
  /** When the coding stage was first reported (ms) and how far it was then. */
  codingFrom?: { t: number; done: number };
  /** When the pass was asked for (ms), and how long it should take from an earlier pass's rate. */
  passStarted?: number;
  expectedPassMs?: number;
  now: number;
}

export function stageOf(s: StageInput): StageInfo {
  const p = s.progress;
  if (s.loadingWeights && !p) return { stage: 'weights' };
  if (!p || p.done < 1 || p.total !== 2) {
    const info: StageInfo = { stage: s.firstPass ? 'session' : 'running' };
    if (s.expectedPassMs !== undefined && s.passStarted !== undefined)
      info.etaS = Math.max(0, s.expectedPassMs - (s.now - s.passStarted)) / 1000;
    return info;
  }
  const f = Math.min(1, p.done - 1);
  const node = Math.round(f * s.nodes);
  const info: StageInfo = { stage: 'coding', node, nodes: s.nodes };
  const c = s.codingFrom;
  if (c && p.done > c.done && s.now > c.t) {
    const rate = (p.done - c.done) / (s.now - c.t);
    info.etaS = Math.max(0, (2 - p.done) / rate / 1000);
  }
  return info;
}
