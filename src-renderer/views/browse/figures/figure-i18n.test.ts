/**
 * Figures in Korean: the words around the notation are translated, the paper's layer labels and
 * module names stay as they are. Expected strings are written from ko/figures.ts by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../../src-main/analysis/analyse';
import { buildNetwork } from '../../../../src-main/zoo/index';
import { interpolate } from '../../../i18n/core';
import { ko } from '../../../i18n/ko/index';
import type { Tr } from '../../../i18n/plain';
import { galleryEntries } from './gallery';
import { gridReductionAlternatives, moduleFigure } from './figure-model';

const koTr: Tr = (key, params) => interpolate(ko[key], params);
const googlenet = analyse(buildNetwork('googlenet', { flavour: 'paper' }));
const v2 = analyse(buildNetwork('inception_v2', { flavour: 'paper' }));

describe('figures in Korean', () => {
  it('translates the boxes around the paper labels', () => {
    const labels = moduleFigure(googlenet, 'inception3a', {}, koTr)!.graph.nodes.map((n) => n.label);
    expect(labels).toContain('이전 층');
    expect(labels).toContain('필터 연결(concat)');
    expect(labels).toContain('1×1 conv, 64'); // notation stays
  });
  it('says "derived from" and the paper in Korean for the naive figure', () => {
    const f = moduleFigure(googlenet, 'inception3a', { naive: true }, koTr)!;
    expect(f.caption).toMatch(/^.+에서 유도 \(GoogLeNet 논문 Figure 2/);
    expect(f.title).toBe('Inception 모듈, 단순(naïve) 버전 (GoogLeNet Figure 2(a))');
  });
  it('writes the aux head note and gallery entries in Korean', () => {
    const aux = googlenet.groups.find((g) => g.kind === 'aux')!;
    const f = moduleFigure(googlenet, aux.id, {}, koTr)!;
    expect(f.notes).toContain('학습 때만 사용 · 손실 가중치 0.3'); // GoogLeNet §5: weight 0.3
    const titles = galleryEntries([googlenet, v2], koTr).map((e) => e.title);
    expect(titles).toContain('Inception 모듈, 단순 버전 (유도)');
    expect(titles).toContain('격자 축소 대안 (유도)');
  });
  it('titles Rethinking Figure 9 in Korean', () => {
    const id = galleryEntries([v2]).find((e) => e.variant === 'fig9')!.module;
    expect(gridReductionAlternatives(v2, id, koTr)!.title).toBe(
      '격자 축소의 두 가지 대안 (Rethinking Figure 9)',
    );
  });
});
