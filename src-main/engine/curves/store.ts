/**
 * Imported runs live beside the app's runs, in <dataDir>/imports/<id>.json, so they survive a
 * restart like the runs they overlay. Numbers are stored as JSON.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../train/store.js';
import type { ImportedRun, ImportedRunSummary } from './types.js';

export function importsDir(dir?: string): string {
  return join(dataDir(dir), 'imports');
}

const SAFE_ID = /^[A-Za-z0-9_-]+$/;

type Stored = Omit<ImportedRun, 'series'> & {
  series: (Omit<ImportedRun['series'][number], 'steps' | 'values' | 'times'> & {
    steps: number[];
    values: (number | string)[];
    times: (number | string)[];
  })[];
};

// JSON has no NaN or Infinity: those travel as the strings 'NaN', 'Infinity', '-Infinity'.
const toJson = (a: Float64Array) => Array.from(a, (x) => (Number.isFinite(x) ? x : String(x)));
const fromJson = (a: (number | string)[]) => Float64Array.from(a, (x) => Number(x));

export class ImportStore {
  readonly root: string;
  constructor(dir?: string) {
    this.root = importsDir(dir);
  }

  private path(id: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`not an import id: ${JSON.stringify(id)}`);
    return join(this.root, `${id}.json`);
  }

  save(run: ImportedRun): void {
    mkdirSync(this.root, { recursive: true });
    const stored: Stored = {
      ...run,
      series: run.series.map((s) => ({
        ...s,
        steps: Array.from(s.steps),
        values: toJson(s.values),
        times: toJson(s.times),
      })),
    };
    const p = this.path(run.id);
    writeFileSync(`${p}.tmp`, JSON.stringify(stored));
    renameSync(`${p}.tmp`, p);
  }

  get(id: string): ImportedRun {
    const p = this.path(id);
    if (!existsSync(p)) throw new Error(`no imported run ${id}`);
    const s = JSON.parse(readFileSync(p, 'utf8')) as Stored;
    return {
      ...s,
      series: s.series.map((x) => ({
        ...x,
        steps: Float64Array.from(x.steps),
        values: fromJson(x.values),
        times: fromJson(x.times),
      })),
    };
  }

  list(): ImportedRun[] {
    if (!existsSync(this.root)) return [];
    const out: ImportedRun[] = [];
    for (const f of readdirSync(this.root)) {
      if (!f.endsWith('.json')) continue;
      try {
        out.push(this.get(f.slice(0, -5)));
      } catch {
        // A half-written or foreign file: not an import.
      }
    }
    return out.sort((a, b) => a.importedAt - b.importedAt);
  }

  remove(id: string): void {
    rmSync(this.path(id), { force: true });
  }

  rename(id: string, name: string): ImportedRun {
    const r = this.get(id);
    r.name = name;
    this.save(r);
    return r;
  }
}

export function summarise(r: ImportedRun): ImportedRunSummary {
  return {
    ...r,
    series: r.series.map(({ steps: _s, values: _v, times: _t, ...rest }) => rest),
    points: r.series.reduce((n, s) => n + s.steps.length, 0),
  };
}
