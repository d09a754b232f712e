import type { figures as en } from '../en/figures.js';

/** 둘러보기 화면의 모듈 그림에 붙는 한국어 문구. 논문 이름과 층 표기는 {params}로 그대로 들어온다. */
export const figures: Record<keyof typeof en, string> = {
  'fig.paper.P1': 'GoogLeNet 논문',
  'fig.paper.P2': 'BN-Inception 논문',
  'fig.paper.P3': 'Rethinking 논문',
  'fig.paper.P4': 'Inception-v4 논문',
  'fig.ref': '{paper} {figure}',
  'fig.noRef': '논문에 해당 그림 없음',
  'fig.filterConcat': '필터 연결(concat)',
  'fig.scale': '배율 {scale}',
  'fig.input': '입력',
  'fig.previousLayer': '이전 층',
  'fig.outputOf': '{name}의 출력',
  'fig.theModule': '모듈',
  'fig.naiveTitle': 'Inception 모듈, 단순(naïve) 버전 (GoogLeNet Figure 2(a))',
  'fig.derivedFrom': '{name}에서 유도 ({ref})',
  'fig.naiveNote':
    'Figure 2(a)는 어느 네트워크의 모듈도 아닙니다. 논문의 단순 버전처럼 {name}에서 1×1 축소 합성곱과 풀링 투영 합성곱({n}개 층)을 뺀 그림입니다.',
  'fig.naiveNoShapes':
    '축소 합성곱이 없으면 출력 깊이가 가지 폭의 합에 입력 깊이를 더한 만큼 커지므로 모양은 표시하지 않습니다.',
  'fig.auxNote': '학습 때만 사용 · 손실 가중치 {weight}',
  'fig.printedAs': '논문 표기: {printed} ✱',
  'fig.misprint':
    '✱ {figure}에는 {printed}로 인쇄되어 있지만 오식입니다. 잔차 덧셈에는 입력 깊이 {used}가 필요하고, 네트워크도 {used}를 씁니다.',
  'fig.printedDiffers':
    '✱ {figure}에는 {printed}로 인쇄되어 있고, 이 공개(released) 네트워크는 입력 깊이인 {used}를 씁니다.',
  'fig.key': '범례',
  'fig.op.input': '입력 / 이전 층',
  'fig.op.conv': '합성곱 (+ ReLU)',
  'fig.op.linear': '1×1 선형 합성곱',
  'fig.op.pool': '풀링',
  'fig.op.concat': '필터 연결(concat)',
  'fig.op.add': '잔차 덧셈 (스케일)',
  'fig.op.relu': 'ReLU',
  'fig.op.dense': '완전 연결 / 소프트맥스',
  'fig.op.aux': '보조 분류기 (학습 때만)',
  'fig.op.module': 'Inception 블록',
  'fig.op.other': '기타',
  'fig9.title': '격자 축소의 두 가지 대안 (Rethinking Figure 9)',
  'fig9.caption': '{name}에서 유도 ({ref}): {from} → {to}',
  'fig9.pooling': '풀링',
  'fig9.stride2': '스트라이드 2',
  'fig9.left':
    '왼쪽: 풀링을 먼저 하면 Inception 블록 앞에 {d2}×{d2}×{k} 표현 병목이 생깁니다(논문: 원칙 1에 어긋남).',
  'fig9.right':
    '오른쪽: {d}×{d}에서 Inception 블록을 먼저 거친 뒤 풀링하면 표현은 지키지만 비용이 약 세 배가 됩니다(논문의 표현).',
  'fig9.both':
    'Figure 10({name})은 둘을 나란히 합니다. 스트라이드 2 합성곱과 스트라이드 2 풀링을 함께 두고 이어 붙입니다.',
  'gallery.naive': 'Inception 모듈, 단순 버전 (유도)',
  'gallery.naiveRef': 'GoogLeNet 논문, Figure 2(a)',
  'gallery.aux': '{name} (보조 분류기)',
  'gallery.fig9': '격자 축소 대안 (유도)',
  'gallery.fig9Ref': 'Rethinking 논문, Figure 9',
};
