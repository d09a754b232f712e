import type { glossary as en } from '../en/glossary.js';

/** 용어집 (한국어). */
export const glossary: Record<keyof typeof en, string> = {
  'term.stem.name': '스템 (stem)',
  'term.stem.def':
    '첫 Inception 모듈 앞에 놓인 평범한 합성곱·풀링 층들입니다. 이미지를 빠르게 줄여서 모듈을 감당할 수 있는 격자 크기로 만들어 줍니다.',
  'term.inception-module.name': 'Inception 모듈',
  'term.inception-module.def':
    '같은 입력에 크기가 다른 여러 합성곱과 풀링을 나란히 적용한 뒤, 그 결과를 채널 축으로 이어 붙이는 블록입니다.',
  'term.conv-1x1.name': '1×1 합성곱',
  'term.conv-1x1.def':
    '커널이 픽셀 하나만 덮는 합성곱입니다. 위치마다 입력 채널들을 섞어 새 채널을 만들기 때문에, 깊이 방향으로 적용한 완전연결층과 같습니다. 채널 수를 싸게 줄이거나 늘릴 때 씁니다.',
  'term.nin.name': 'Network-in-Network',
  'term.nin.def':
    'Lin, Chen, Yan(2013)의 아이디어로, 합성곱 안에 작은 다층 신경망(실제로는 ReLU가 붙은 1×1 합성곱)을 넣는 것입니다. GoogLeNet의 1×1 층과 이름이 여기서 왔습니다.',
  'term.dimension-reduction.name': '차원 축소',
  'term.dimension-reduction.def':
    '비싼 3×3이나 5×5 합성곱 앞에 1×1 합성곱("reduce")을 두어, 뒤의 합성곱이 읽어야 할 채널 수를 줄이는 것입니다.',
  'term.pool-proj.name': '풀링 프로젝션 (pool proj)',
  'term.pool-proj.def':
    'Inception 모듈의 풀링 가지 뒤에 붙는 1×1 합성곱입니다. 풀링은 채널 수를 바꿀 수 없으므로 이 층이 채널 수를 정합니다.',
  'term.aux-classifier.name': '보조 분류기',
  'term.aux-classifier.def':
    '학습할 때만 중간 층에 붙이는 작은 분류기입니다. 손실에 작은 가중치(GoogLeNet은 0.3)로 더해지고, 추론할 때는 떼어 버립니다.',
  'term.bn.name': '배치 정규화',
  'term.bn.def':
    '각 채널을 현재 미니배치의 평균과 분산으로 정규화한 뒤 학습된 배율과 이동을 적용하는 것입니다. 더 큰 학습률로 더 빨리 학습할 수 있게 해 줍니다.',
  'term.bn-auxiliary.name': 'BN-보조 분류기 (BN-auxiliary)',
  'term.bn-auxiliary.def':
    '완전연결층까지 배치 정규화를 적용한 보조 분류기입니다. Rethinking 논문 표 3에서 Inception-v3를 만드는 마지막 변경입니다.',
  'term.factorisation.name': '분해 (factorization)',
  'term.factorisation.def':
    '큰 합성곱 하나를 같은 영역을 보는 작은 합성곱 여러 개로 바꾸는 것입니다. 예를 들어 5×5를 3×3 두 개로 바꾸면 계산이 줄어듭니다.',
  'term.asymmetric-conv.name': '비대칭 합성곱',
  'term.asymmetric-conv.def':
    '1×n 또는 n×1 합성곱입니다. 1×n 다음에 n×1을 두면 채널 쌍마다 n² 대신 2n개의 가중치로 n×n 영역을 덮습니다.',
  'term.grid-reduction.name': '격자 축소 (grid reduction)',
  'term.grid-reduction.def':
    '특징 맵의 가로·세로를 절반으로 줄이는 것으로, 보통 채널 수는 두 배로 늘립니다. Rethinking 논문은 stride 2 합성곱과 풀링을 나란히 두어 이를 합니다.',
  'term.representational-bottleneck.name': '표현 병목',
  'term.representational-bottleneck.def':
    '특징 맵의 크기(가로 × 세로 × 채널)가 갑자기 크게 줄어드는 지점입니다. 네트워크가 정보를 쓰기도 전에 잃어버리게 됩니다.',
  'term.label-smoothing.name': '레이블 스무딩',
  'term.label-smoothing.def':
    '부드럽게 만든 목표값으로 학습하는 방법입니다. 정답 클래스는 1 − ε에 ε/K를 더한 값, 나머지 클래스는 ε/K를 받습니다. 지나치게 확신하는 예측을 억제합니다.',
  'term.rmsprop.name': 'RMSProp',
  'term.rmsprop.def':
    '각 기울기를 최근 크기의 이동 평균으로 나누는 최적화 방법입니다. Inception-v3와 v4는 decay 0.9, ε = 1.0을 썼습니다.',
  'term.residual-connection.name': '잔차 연결',
  'term.residual-connection.def':
    '블록의 입력을 출력에 더하는 지름길입니다. 블록은 보정분만 배우면 되므로 아주 깊은 네트워크도 빨리 학습됩니다.',
  'term.residual-scaling.name': '잔차 스케일링',
  'term.residual-scaling.def':
    '잔차 가지를 더하기 전에 작은 상수(0.1~0.3)를 곱하는 것입니다. 아주 넓은 Inception-ResNet이 학습 초반에 죽어 버리는 것을 막았습니다.',
  'term.filter-expansion.name': '필터 확장 층',
  'term.filter-expansion.def':
    'Inception-ResNet 블록 끝에 있는, 활성화 함수가 없는 1×1 합성곱입니다. 가지의 깊이를 입력 깊이로 되돌려 둘을 더할 수 있게 합니다.',
  'term.reduction-a.name': 'Reduction-A',
  'term.reduction-a.def':
    'Inception-v4와 Inception-ResNet에서 35×35를 17×17로 줄이는 블록입니다. 필터 수 k, l, m, n이 네트워크마다 다릅니다(논문 표 1).',
  'term.reduction-b.name': 'Reduction-B',
  'term.reduction-b.def': 'Inception-v4와 Inception-ResNet에서 17×17을 8×8로 줄이는 블록입니다.',
  'term.mac.name': '곱셈-덧셈 (MAC)',
  'term.mac.def':
    '곱셈 한 번과 덧셈 한 번으로, 논문들이 계산량을 세는 단위입니다. k×k 합성곱은 출력 위치마다 k·k·C_in·C_out번 필요합니다.',
  'term.params.name': '파라미터',
  'term.params.def':
    '네트워크가 학습하는 수들입니다. 가중치와 편향, 그리고 배치 정규화의 배율과 이동값이 있습니다.',
  'term.receptive-field.name': '수용 영역',
  'term.receptive-field.def': '출력값 하나에 영향을 줄 수 있는 입력 이미지의 영역입니다.',
  'term.sparsity.name': '희소 구조',
  'term.sparsity.def':
    '각 유닛이 다른 유닛 몇 개와만 연결된 네트워크입니다. 이론상 효율적이지만, 하드웨어는 희소 행렬보다 밀집 행렬을 훨씬 빨리 계산합니다.',
  'term.valid-padding.name': 'valid 패딩 (V)',
  'term.valid-padding.def':
    '0으로 채우지 않는 방식으로, 커널이 입력 안에 완전히 들어가는 위치만 방문하므로 출력이 작아집니다. Inception-v4 그림에서는 이런 층에 "V"를 붙입니다.',
  'term.concat.name': '이어 붙이기 (concat)',
  'term.concat.def':
    '가로·세로가 같은 특징 맵들을 채널 축으로 쌓는 것입니다. 결과의 깊이는 각 깊이의 합입니다.',
  'term.top5.name': 'top-5 오류율',
  'term.top5.def':
    '모델이 가장 그럴듯하다고 본 다섯 개 안에 정답이 없는 이미지의 비율입니다. top-1 오류율은 첫 번째 추측만 봅니다.',
  'term.grid.name': '격자 (grid)',
  'term.grid.def': '특징 맵의 가로 × 세로 크기입니다. Inception-v3에서는 35×35, 17×17, 8×8 등이 있습니다.',
};
