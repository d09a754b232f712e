import { describe, expect, it } from 'vitest';
import { fmt, mb, pct } from './format';

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
