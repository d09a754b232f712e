import type { featvis as en } from '../en/featvis.js';

/** 설명 패널의 특징 시각화와 딥드림 탭의 한국어 문자열. */
export const featvis: Record<keyof typeof en, string> = {
  'explain.tab.featvis': '특징 시각화',
  'explain.tab.deepdream': '딥드림',
  'fv.needWeights':
    '먼저 가중치를 불러오세요(또는 이미지를 실행하세요): 이 보기가 실행하는 가중치로 그림을 만듭니다.',
  'fv.needMap': '그래프나 표에서 특징 맵이 있는 노드(합성곱, 모듈, 가지)를 고르세요.',
  'fv.what': '{node}의 채널 {c}가 찾는 것: 그 채널을 가장 강하게 자극하도록 최적화한 그림.',
  'fv.objective': '목표',
  'fv.o.channel': '채널(공간 평균)',
  'fv.o.neuron': '뉴런(가운데 유닛)',
  'fv.channel': '채널',
  'fv.steps': '단계',
  'fv.diversity': '다양성(그림 3장)',
  'fv.render': '그리기',
  'fv.cancel': '취소',
  'fv.estimate': '{backend}에서 약 {s}초(단계당 {ms} ms).',
  'fv.estimating': '그림 한 장에 걸리는 시간을 재는 중…',
  'fv.progress': '{total}단계 중 {done}단계',
  'fv.cached': '캐시에서 가져옴({backend}에서 {s}초 걸려 만든 그림).',
  'fv.made': '{backend}에서 {s}초 걸림; 목표값 {v}.',
  'fv.preRelu':
    '이 채널은 회색 시작 그림에서 꺼져 있어(값 0, 기울기 없음) ReLU 때문에 최적화가 전혀 움직일 수 없습니다. 그래서 ReLU 앞의 값, 곧 {node}의 채널 {c}을(를) 대신 최적화했습니다(Lucid의 pre_relu 목표와 같습니다).',
  'fv.export': 'PNG로 내보내기',
  'fv.sheet': '모든 채널 그리기(스프라이트 시트)',
  'fv.sheetProgress': '채널 시트: {total}단계 중 {done}단계',
  'fv.sheetDone': '채널 {n}개, 그중 {cached}개는 캐시에서.',
  'fv.examples': '폴더에서 가장 강하게 반응하는 예시',
  'fv.folder': '이미지 폴더(클래스마다 하위 폴더 하나)',
  'fv.findExamples': '찾기',
  'fv.examplesDone': '이미지 {n}장을 살펴봄; 채널 {c}를 가장 강하게 자극하는 {k}장:',
  'dd.what':
    '{node}에서 딥드림: 이 노드가 더 강하게 반응하도록(값의 제곱 평균) 이미지를 옥타브마다 바꿉니다.',
  'dd.needImage': '먼저 가중치와 이미지를 불러오세요: 딥드림은 활성화 보기의 이미지로 작동합니다.',
  'dd.octaves': '옥타브',
  'dd.iterations': '옥타브당 단계',
  'dd.step': '단계 크기',
  'dd.dream': '꿈꾸기',
  'dd.made': '{w}×{h}, {backend}에서 {s}초.',
};
