import { describe, expect, it } from 'vitest';
import { describe as details } from './details';
import { tinyAnalysis } from '../../../lib/layout/fixture.test-data';

import { en } from '../../../i18n/en/index';
import type { RowLabel } from './details';

/** Rows by their English name, as the panel shows them in English. */
const name = (l: RowLabel) => ('key' in l ? en[l.key] : l.text);
const rows = (d: ReturnType<typeof details>) =>
  Object.fromEntries(d!.sections.flatMap((s) => s.rows.map(([l, v]) => [name(l), v])));

describe('side panel details', () => {
  const a = tinyAnalysis();
  it('shows a layer: op, hyper-parameters, shapes, both parameter conventions, MACs, RF and source', () => {
    const d = details(a, 'conv1')!;
    expect(d.kind).toBe('layer');
    expect(d.title).toBe('3×3 conv, 8');
    const r = rows(d);
    expect(r.kernel).toBe('3×3');
    expect(r.output).toBe('8×8×8');
    expect(r['params (PyTorch)']).toBe('224');
    expect(r['params (Keras)']).toBe('224 = 224 trainable + 0 non-trainable');
    expect(r.MACs).toBe('13,824');
    expect(r['receptive field']).toBe('1×1 px, jump 1×1');
    expect(r.paper).toMatch(/Going deeper/);
  });
  it('shows a module with its figure, a run with its repeats, an aux head with its loss weight', () => {
    const m = details(a, 'M1')!;
    expect([m.kind, m.title, m.figureModule, rows(m).figure]).toEqual([
      'module',
      'module (1)',
      'M1',
      'Figure 2',
    ]);
    const run = details(a, 'run:M1')!;
    expect(run.title).toBe('M ×2');
    expect(run.members!.map((x) => x.id)).toEqual(['M1', 'M2']);
    const aux = details(a, 'aux1')!;
    expect(aux.kind).toBe('aux');
    expect(rows(aux).use).toBe('training only · loss weight 0.3');
    expect(rows(aux)['attached to']).toBe('M1');
  });
  it('names every section and row by an i18n key, except the spec’s own parameter names', () => {
    for (const id of ['conv1', 'M1', 'run:M1', 'aux1', 'R1/add']) {
      for (const s of details(a, id)!.sections) {
        expect(en[s.title]).toBeDefined();
        for (const [l] of s.rows) if ('key' in l) expect(en[l.key], l.key).toBeDefined();
      }
    }
    const moduleRows = details(a, 'M1')!.sections.find((s) => s.title === 'panel.s.Module')!.rows;
    expect(moduleRows.filter(([l]) => 'text' in l).length).toBe(moduleRows.length - 1);
  });
  it('shows a residual add with its scale', () => {
    expect(rows(details(a, 'R1/add'))['residual scale']).toBe('0.2');
  });
});
