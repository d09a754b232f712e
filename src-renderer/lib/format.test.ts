import { describe, expect, it } from 'vitest';
import {
  compact,
  fmt,
  formatPercent,
  mb,
  pct,
  formatCompact,
  formatDelta,
  formatInt,
  formatPct,
  formatShape,
} from './format';

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
describe('number formats', () => {
  it('keeps four significant digits, exponents for the very small and large', () => {
    expect(fmt(12.3456)).toBe('12.35');
    expect(fmt(-0.5)).toBe('-0.5');
    expect(fmt(0)).toBe('0');
    expect(fmt(0.000123456)).toBe('1.235e-4');
    expect(fmt(123456)).toBe('1.235e5');
  });
  it('writes fractions as percentages and bytes as MB', () => {
    expect(pct(0.4567)).toBe('45.7%');
    expect(pct(1)).toBe('100.0%');
    expect(mb(1_536_000)).toBe('1.5 MB');
  });
});

describe('one way to write a number', () => {
  it('writes Inception-v3 MACs the same in the lessons (compact) and in tables and Compare (formatCompact)', () => {
    expect(compact(5_713_216_096)).toBe('5.71G');
    expect(formatCompact(5_713_216_096)).toBe('5.71G');
  });
  it('writes percents without a space everywhere', () => {
    expect(formatPercent(0.123)).toBe('12.3%');
    expect(pct(0.123)).toBe('12.3%');
  });
});
