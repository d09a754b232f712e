/**
 * Lesson progress, remembered across launches in localStorage: where the learner was and which
 * lessons they finished (went on from the last step, or pressed Done on it; opening a link to the
 * last step is not finishing). Pure functions over a plain record, plus load/save.
 */
export interface Progress {
  last?: { n: number; step: number };
  finished: number[];
}

const KEY = 'inception-explorer.lessons.progress';

export function emptyProgress(): Progress {
  return { finished: [] };
}

/** Records where the learner is. */
export function visit(p: Progress, n: number, step: number): Progress {
  return { last: { n, step }, finished: p.finished };
}

/** Marks lesson n finished: the learner went on from its last step. */
export function finish(p: Progress, n: number): Progress {
  return p.finished.includes(n) ? p : { ...p, finished: [...p.finished, n].sort((a, b) => a - b) };
}

export function parseProgress(raw: string | null | undefined): Progress {
  if (!raw) return emptyProgress();
  try {
    const v = JSON.parse(raw) as Partial<Progress>;
    const finished = Array.isArray(v.finished)
      ? v.finished.filter((x): x is number => Number.isInteger(x))
      : [];
    const last =
      v.last && Number.isInteger(v.last.n) && Number.isInteger(v.last.step)
        ? { n: v.last.n, step: v.last.step }
        : undefined;
    return last ? { last, finished } : { finished };
  } catch {
    return emptyProgress();
  }
}

export function loadProgress(): Progress {
  try {
    return parseProgress(globalThis.localStorage?.getItem(KEY));
  } catch {
    return emptyProgress();
  }
}

export function saveProgress(p: Progress): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(p));
  } catch {
    // Not remembered this time; nothing else depends on it.
  }
}
