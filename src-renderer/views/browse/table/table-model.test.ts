import { describe, expect, it } from 'vitest';
import { buildTable, sortRows } from './table-model';
import { tableText } from './table-export';
import { tinyAnalysis } from '../../../lib/layout/fixture.test-data';

describe('layer table', () => {
  const a = tinyAnalysis();

  it('groups layers under module rows, one-layer modules as single rows, TOTAL from the totals', () => {
    const m = buildTable(a, { convention: 'pytorch', training: false });
    expect(m.rows.map((r) => [r.id, r.kind, r.children.length])).toEqual([
      ['input', 'layer', 0],
      ['conv1', 'layer', 0],
      ['M1', 'module', 3],
      ['M2', 'module', 3],
      ['R1', 'module', 2],
      ['fc', 'module', 2],
    ]);
    expect(m.rows[1].params).toBe(224);
    expect(m.rows[1].macs).toBe(13824);
    expect(m.total).toEqual({ params: 1000, macs: 20000, trainable: 1000, nonTrainable: 0 });
  });

  it('adds the aux heads after the module they attach to in training mode, with their delta', () => {
    const m = buildTable(a, { convention: 'pytorch', training: true });
    expect(m.rows.map((r) => r.id)).toEqual(['input', 'conv1', 'M1', 'aux1', 'M2', 'R1', 'fc']);
    expect(m.rows[3].aux).toBe(true);
    expect(m.total.params).toBe(1100);
    expect(m.auxDelta).toEqual({ params: 100, macs: 500 });
  });

  it('counts Keras parameters as trainable plus non-trainable', () => {
    const k = {
      ...a,
      totals: { ...a.totals, params: { pytorch: 10, kerasTrainable: 8, kerasNonTrainable: 4 } },
    };
    const m = buildTable(k, { convention: 'keras', training: false });
    expect(m.total).toEqual({ params: 12, macs: 20000, trainable: 8, nonTrainable: 4 });
  });

  it('sorts modules and, inside each, layers', () => {
    const m = buildTable(a, { convention: 'pytorch', training: false });
    const byMacs = sortRows(m.rows, 'macs', 'desc');
    expect(byMacs[0].id).toBe('conv1');
    const byName = sortRows(m.rows, 'name', 'desc');
    expect(byName.find((r) => r.id === 'M1')!.children.map((c) => c.id)).toEqual([
      'M1/concat',
      'M1/b/c',
      'M1/a/c',
    ]);
  });

  it('exports CSV and Markdown with every row and the TOTAL', () => {
    const m = buildTable(a, { convention: 'pytorch', training: false });
    const csv = tableText(m, 'csv').trim().split('\r\n');
    expect(csv[0]).toBe('name,row,type,output,params,MACs,% params,% MACs');
    expect(csv).toHaveLength(1 + 6 + 3 + 3 + 2 + 2 + 1);
    expect(csv[csv.length - 1]).toBe('TOTAL,total,pytorch,,1000,20000,100%,100%');
    const md = tableText(m, 'md').split('\n');
    expect(md[1]).toBe('|---|---|---|---|---:|---:|---:|---:|');
    expect(md.some((l) => l.startsWith('|   M1/a/c |'))).toBe(true);
  });
});
