import { describe, expect, it } from 'vitest';
import { formatCompact, formatDelta, formatInt, formatPct, formatShape } from './format';

describe('number formatting', () => {
  it('groups thousands', () => {
    expect(formatInt(6998552)).toBe('6,998,552');
    expect(formatInt(13155794016)).toBe('13,155,794,016');
    expect(formatInt(0)).toBe('0');
    expect(formatInt(-1234)).toBe('-1,234');
  });
  it('compacts to three significant digits', () => {
    expect(formatCompact(6998552)).toBe('7.00M');
    expect(formatCompact(1582671872)).toBe('1.58G');
    expect(formatCompact(13155794016)).toBe('13.2G');
    expect(formatCompact(123168)).toBe('123K');
    expect(formatCompact(512)).toBe('512');
  });
  it('signs deltas', () => {
    expect(formatDelta(6379728)).toBe('+6,379,728');
    expect(formatDelta(-12)).toBe('−12');
    expect(formatDelta(0)).toBe('0');
    expect(formatDelta(2500000, true)).toBe('+2.50M');
  });
  it('gives shares with one decimal, and <0.1% for tiny ones', () => {
    expect(formatPct(1, 3)).toBe('33.3%');
    expect(formatPct(928, 23834568)).toBe('<0.1%');
    expect(formatPct(0, 10)).toBe('0%');
    expect(formatPct(5, 0)).toBe('0%');
  });
  it('writes shapes H×W×C', () => {
    expect(formatShape([28, 28, 192])).toBe('28×28×192');
    expect(formatShape([1000])).toBe('1000');
    expect(formatShape(undefined)).toBe('');
  });
});
