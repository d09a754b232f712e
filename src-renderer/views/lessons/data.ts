/**
 * Spec analyses for the lessons, fetched once per network through the app's api
 * ('network.analyse') and shared by every lesson. The lessons never compute shapes themselves.
 */
import type { Analysis, AnalysedGroup, AnalysedNode } from '../../../src-main/shared/analysis-types.js';
import type { FlavourId, NetworkId, Module } from '../../../src-main/shared/spec.js';
import { getApi } from '../../lib/api/index.js';

export type { Analysis, AnalysedGroup, AnalysedNode };

const cache = new Map<string, Promise<Analysis>>();

const source = (id: NetworkId, flavour?: FlavourId): Promise<Analysis> =>
  getApi().request('network.analyse', { id, ...(flavour ? { flavour } : {}) });

export function loadAnalysis(id: string, flavour?: string): Promise<Analysis> {
  const key = `${id}:${flavour ?? ''}`;
  let p = cache.get(key);
  if (!p) {
    p = source(id as NetworkId, flavour as FlavourId | undefined);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

export function modules(a: Analysis): AnalysedGroup[] {
  return a.groups.filter((g) => g.kind === 'module');
}

export function moduleGroup(a: Analysis, name: string): AnalysedGroup | undefined {
  return a.groups.find((g) => g.kind === 'module' && (g.id === name || g.name === name));
}

export function specModule(a: Analysis, name: string): Module | undefined {
  for (const s of a.spec.stages) for (const m of s.modules) if (m.name === name) return m;
  return undefined;
}

/** "28×28×256" */
export function shapeText(shape: readonly number[] | undefined): string {
  return shape ? shape.join('×') : '–';
}
