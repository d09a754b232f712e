import { describe, expect, it } from 'vitest';
import { interpolate, pickLocale, placeholders } from './core.js';
import { en } from './en/index.js';
import { ko } from './ko/index.js';
import { parseRich, termsIn } from './rich.js';
import { TERMS } from '../views/lessons/glossary/terms.js';
import { LESSONS, lessonKeys } from '../views/lessons/registry.js';

const enKeys = Object.keys(en).sort();
const koKeys = Object.keys(ko).sort();

describe('dictionaries', () => {
  it('English and Korean have exactly the same keys', () => {
    expect(koKeys.filter((k) => !(k in en))).toEqual([]);
    expect(enKeys.filter((k) => !(k in ko))).toEqual([]);
  });
  it('no string is empty or whitespace', () => {
    const empty = [
      ...Object.entries(en)
        .filter(([, v]) => v.trim() === '')
        .map(([k]) => `en:${k}`),
      ...Object.entries(ko)
        .filter(([, v]) => v.trim() === '')
        .map(([k]) => `ko:${k}`),
    ];
    expect(empty).toEqual([]);
  });
  it('both languages use the same {placeholders}', () => {
    const differ = enKeys.filter(
      (k) => placeholders(en[k as keyof typeof en]).join() !== placeholders(ko[k as keyof typeof ko]).join(),
    );
    expect(differ).toEqual([]);
  });
  it('both languages reference the same glossary terms, all of which exist', () => {
    const known = new Set<string>(TERMS);
    for (const k of enKeys) {
      const a = termsIn(en[k as keyof typeof en]).sort();
      const b = termsIn(ko[k as keyof typeof ko]).sort();
      expect(b, k).toEqual(a);
      for (const term of a) expect(known.has(term), `${k} → ${term}`).toBe(true);
    }
  });
  it('every glossary term has a name and a definition', () => {
    for (const id of TERMS) {
      expect(enKeys).toContain(`term.${id}.name`);
      expect(enKeys).toContain(`term.${id}.def`);
    }
  });
  it('every lesson has a title, a summary and a head and body per step', () => {
    expect(LESSONS.length).toBe(13);
    for (const l of LESSONS) for (const key of lessonKeys(l)) expect(enKeys, key).toContain(key);
  });
});

describe('helpers', () => {
  it('picks the first supported language', () => {
    expect(pickLocale(['ko-KR', 'en-US'])).toBe('ko');
    expect(pickLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLocale(['de'])).toBe('en');
    expect(pickLocale(['ko_KR'])).toBe('ko');
    expect(pickLocale([])).toBe('en');
  });
  it('interpolates and leaves unknown placeholders visible', () => {
    expect(interpolate('Lesson {n} of {total}', { n: 3, total: 13 })).toBe('Lesson 3 of 13');
    expect(interpolate('{a} {b}', { a: 'x' })).toBe('x {b}');
  });
  it('parses the lesson markup', () => {
    expect(parseRich('A **bold** `code` [[stem]] and [[conv-1x1|1×1 convs]].')).toEqual([
      { kind: 'text', text: 'A ' },
      { kind: 'bold', text: 'bold' },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'code' },
      { kind: 'text', text: ' ' },
      { kind: 'term', term: 'stem' },
      { kind: 'text', text: ' and ' },
      { kind: 'term', term: 'conv-1x1', text: '1×1 convs' },
      { kind: 'text', text: '.' },
    ]);
    expect(parseRich('unclosed **bold')).toEqual([{ kind: 'text', text: 'unclosed **bold' }]);
  });
});
