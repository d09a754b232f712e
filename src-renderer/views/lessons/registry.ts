/**
 * The 13 lessons in the order: a slug, the number of steps, and the network whose spec the
 * lesson draws from. Pure data (no Svelte), so tests and the deep-link code can read it.
 */
import type { MessageKey } from '../../i18n/en/index.js';

export interface LessonInfo {
  n: number;
  slug: string;
  steps: number;
  network: string;
  flavour?: 'paper' | 'released' | 'torchvision';
}

export const LESSONS: readonly LessonInfo[] = [
  { n: 1, slug: 'motivation', steps: 3, network: 'googlenet', flavour: 'paper' },
  { n: 2, slug: 'one-by-one', steps: 2, network: 'googlenet', flavour: 'paper' },
  { n: 3, slug: 'inception-module', steps: 4, network: 'googlenet', flavour: 'paper' },
  { n: 4, slug: 'googlenet-table-1', steps: 3, network: 'googlenet', flavour: 'paper' },
  { n: 5, slug: 'auxiliary-classifiers', steps: 3, network: 'googlenet', flavour: 'paper' },
  { n: 6, slug: 'design-principles', steps: 4, network: 'inception_v3', flavour: 'released' },
  { n: 7, slug: 'smaller-convolutions', steps: 2, network: 'inception_v2', flavour: 'paper' },
  { n: 8, slug: 'asymmetric', steps: 2, network: 'inception_v3', flavour: 'released' },
  { n: 9, slug: 'grid-reduction', steps: 3, network: 'inception_v3', flavour: 'released' },
  { n: 10, slug: 'v2-to-v3', steps: 4, network: 'inception_v3', flavour: 'released' },
  { n: 11, slug: 'inception-v4', steps: 3, network: 'inception_v4', flavour: 'paper' },
  { n: 12, slug: 'residual', steps: 3, network: 'inception_resnet_v2', flavour: 'released' },
  { n: 13, slug: 'convergence', steps: 3, network: 'inception_v3', flavour: 'released' },
];

export function lessonAt(n: number): LessonInfo | undefined {
  return LESSONS.find((l) => l.n === n);
}

export const titleKey = (n: number) => `lesson.${n}.title` as MessageKey;
export const summaryKey = (n: number) => `lesson.${n}.summary` as MessageKey;
export const headKey = (n: number, s: number) => `lesson.${n}.s${s}.head` as MessageKey;
export const bodyKey = (n: number, s: number) => `lesson.${n}.s${s}.body` as MessageKey;

/** Every i18n key a lesson's chrome needs (checked by the i18n test). */
export function lessonKeys(l: LessonInfo): string[] {
  const keys = [titleKey(l.n), summaryKey(l.n)];
  for (let s = 1; s <= l.steps; s++) keys.push(headKey(l.n, s), bodyKey(l.n, s));
  return keys;
}

/** The position after `(n, step)`, crossing into the next lesson; undefined at the very end. */
export function nextPosition(n: number, step: number): { n: number; step: number } | undefined {
  const l = lessonAt(n);
  if (!l) return undefined;
  if (step < l.steps) return { n, step: step + 1 };
  return lessonAt(n + 1) ? { n: n + 1, step: 1 } : undefined;
}

export function previousPosition(n: number, step: number): { n: number; step: number } | undefined {
  if (step > 1) return { n, step: step - 1 };
  const prev = lessonAt(n - 1);
  return prev ? { n: prev.n, step: prev.steps } : undefined;
}
