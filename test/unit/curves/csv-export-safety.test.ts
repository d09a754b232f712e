/** CSV export must not hand a spreadsheet formulas from imported names (CSV injection). */
import { describe, expect, it } from 'vitest';
import { curvesToCsv, neutraliseCell } from '../../../src-main/engine/curves/export.js';
import type { ExportCurve } from '../../../src-main/engine/curves/types.js';

const curve = (run: string, metric: string): ExportCurve => ({
  run,
  source: 'imported',
  metric,
  steps: [1],
  values: [-0.5],
  times: [1_700_000_000_000],
});

describe('CSV export of names that look like formulas', () => {
  it('prefixes text that starts with = + - @ tab or CR with a quote', () => {
    for (const bad of [
      '=HYPERLINK("http://x","y")',
      '+cmd|calc',
      '-2+3',
      '@SUM(A1)',
      '\tx',
      '\r=1',
      '-',
      '=',
    ]) {
      expect(neutraliseCell(bad)).toBe(`'${bad}`);
    }
  });

  it('leaves numbers and ordinary names alone', () => {
    for (const ok of ['-0.5', '+1e-3', '-12', '.5', 'v3 ×0.25', 'train.loss', 'a=b', '']) {
      expect(neutraliseCell(ok)).toBe(ok);
    }
  });

  it('neutralises run and metric cells in the written CSV; values stay numbers', () => {
    const csv = curvesToCsv([
      curve('=HYPERLINK("https://evil.example","click")', '@tag'),
      curve('-1', 'loss'),
    ]);
    const lines = csv.trim().split('\n');
    // The run cell is quoted (it has quotes and a comma) and starts with ' inside the quotes.
    expect(lines[1]).toBe(
      `"'=HYPERLINK(""https://evil.example"",""click"")",imported,'@tag,1,,1700000000,-0.5`,
    );
    expect(lines[2]).toBe('-1,imported,loss,1,,1700000000,-0.5');
  });
});
