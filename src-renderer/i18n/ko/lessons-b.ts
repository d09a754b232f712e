import type { lessonsB as en } from '../en/lessons-b.js';

/** 강의 7–13 본문 (한국어). */
export const lessonsB: Record<keyof typeof en, string> = {
  'lesson.7.title': '더 작은 합성곱으로',
  'lesson.7.summary': '5×5 합성곱을 3×3 두 개로: 같은 범위를 28% 싸게.',
  'lesson.7.s1.head': '3×3 두 개는 5×5 하나만큼 본다',
  'lesson.7.s1.body':
    '필터 수가 같다면 5×5 합성곱은 3×3의 25/9 ≈ 2.78배 비쌉니다. 대신 3×3을 두 번 쌓으면, 두 번째 층이 첫 층 출력의 3×3을 보므로 둘이 합쳐 입력의 5×5 영역을 덮습니다. 채널 쌍당 비용은 25 대신 9 + 9 = 18입니다. 이 [[factorisation|분해]]는 파라미터와 곱셈-덧셈 모두 28%를 아낍니다.\n\n계산기는 이를 일반화합니다. n×n 커널은 3×3 (n − 1)/2개로 바뀝니다.',
  'lesson.7.s2.head': '정확도를 잃지는 않을까?',
  'lesson.7.s2.body':
    '두 층짜리는 이론상 표현력이 조금 떨어지고, 첫 층에 활성화 함수를 둘지 정해야 합니다. Rethinking 논문은 두 경우를 모두 실험했습니다. 첫 3×3 뒤에 ReLU를 두면 top-1 77.2%, 선형으로 두면 76.2%. 그래서 모두 ReLU를 씁니다. Inception-v2의 35×35 모듈에서는 5×5가 전부 이렇게 바뀝니다(그림 5).',
  'l7.calc.n': '커널 n × n',
  'l7.calc.size': '격자',
  'l7.calc.c': '입출력 채널',
  'l7.calc.stack': '3×3 {count}개',
  'l7.check.saving': '5×5 → 3×3 두 개의 절감',
  'l7.check.ratio': '3×3 대비 5×5의 비용',
  'l7.check.taps': '채널 쌍당 가중치',

  'lesson.8.title': '비대칭 합성곱',
  'lesson.8.summary': 'n×n을 1×n과 n×1로: n = 3이면 3분의 1이 싸지고, n이 클수록 더 아낀다.',
  'lesson.8.s1.head': '정사각형을 띠 두 개로',
  'lesson.8.s1.body':
    '3×1 합성곱 다음에 1×3을 두면 같은 3×3 영역을 채널 쌍당 9개가 아니라 3 + 3 = 6개의 가중치로 덮습니다. 33% 싸집니다. 3×3을 2×2 두 개로 나누면 11%밖에 아끼지 못합니다. 일반적으로 1×n + n×1은 n² 대신 2n이므로, 절감률 1 − 2/n은 n과 함께 커집니다. 이것이 [[asymmetric-conv|비대칭 합성곱]]입니다.',
  'lesson.8.s2.head': '잘 통하는 곳: 중간 크기 격자',
  'lesson.8.s2.body':
    '저자들은 이 방법이 네트워크 앞쪽에서는 잘 안 되지만 12×12에서 20×20 사이의 격자에서는 아주 잘 된다고 보고했습니다. Inception-v3는 17×17 모듈에서 1×7 다음 7×1을 씁니다(그림 6). 그림은 Mixed_6b에서 그 층들을 강조해 보여 줍니다.',
  'l8.calc.n': 'n',
  'l8.calc.square': 'n×n',
  'l8.calc.strips': '1×n + n×1',
  'l8.calc.twoByTwo': '3×3 하나 대신 2×2 두 개',
  'l8.check.three': '3×3의 절감',
  'l8.check.twoByTwo': '2×2 두 개의 절감',
  'l8.check.grid': '1×7/7×1 모듈의 격자',
  'l8.check.gridPaper': '12에서 20 사이',

  'lesson.9.title': '격자를 효율적으로 줄이기',
  'lesson.9.summary':
    '먼저 풀링하면 정보를 잃고, 먼저 합성곱하면 네 배를 낸다. Inception은 둘을 동시에 한다.',
  'lesson.9.s1.head': '단순한 두 순서',
  'lesson.9.s1.body':
    'k채널의 d×d 격자를 2k채널의 d/2×d/2 격자로 바꾼다고 합시다. 먼저 합성곱(stride 1, 필터 2k개)을 하고 풀링하면 곱셈-덧셈이 약 2d²k²번입니다. 먼저 풀링하고 합성곱하면 2(d/2)²k²번으로 4분의 1입니다. 논문의 예는 d = 35, k = 320입니다.',
  'lesson.9.s2.head': '싼 순서는 병목을 만든다',
  'lesson.9.s2.body':
    '먼저 풀링하면 합성곱이 다시 넓히기 전에 표현이 (d/2)²·k개의 값으로 쪼그라듭니다. 원칙 1이 금지하는 [[representational-bottleneck|표현 병목]]입니다. 먼저 합성곱하면 정보는 지키지만 값을 다 치러야 합니다.',
  'lesson.9.s3.head': '둘 다, 나란히',
  'lesson.9.s3.body':
    'Rethinking의 [[grid-reduction|격자 축소]]는 stride 2 합성곱과 stride 2 풀링을 나란히 돌려 이어 붙입니다(그림 10). 양쪽 모두 싸고, 출력은 여전히 2k채널입니다. Inception-v3의 Mixed_6a가 바로 이런 블록으로, 35×35가 들어가 17×17이 나옵니다.',
  'l9.calc.d': '격자 d',
  'l9.calc.k': '채널 k',
  'l9.calc.convPool': '합성곱 후 풀링: 2d²k²',
  'l9.calc.poolConv': '풀링 후 합성곱: 2(d/2)²k²',
  'l9.calc.parallel': '나란한 stride 2 합성곱(필터 k개) + 풀링',
  'l9.calc.parallelNote': '같은 셈법으로 앱이 유도한 값입니다. 논문에는 이 숫자가 없습니다.',
  'l9.calc.values': '표현에 담긴 값의 개수',
  'l9.calc.input': '입력 d²k',
  'l9.calc.bottleneck': '풀링 뒤 (d/2)²k',
  'l9.calc.target': '목표 (d/2)²·2k',
  'l9.check.convPool': 'd = 35, k = 320일 때 2d²k²',
  'l9.check.poolConv': 'd = 35, k = 320일 때 2(d/2)²k²',
  'l9.check.ratio': '합성곱 먼저 대 풀링 먼저',
  'l9.check.ratioPaper': '"비용을 4분의 1로 줄인다", 그림 9 설명: "3배 더 비싸다"',
  'l9.check.mixed6a': 'Inception-v3 Mixed_6a의 출력',

  'lesson.10.title': 'Inception-v2에서 v3로',
  'lesson.10.summary': '하나씩 더한 네 가지 변경과, 각각이 표 3에서 얻은 것.',
  'lesson.10.s1.head': '표 3은 누적이다',
  'lesson.10.s1.body':
    'Rethinking 논문에서 "Inception-v2"는 표 1의 네트워크입니다. 표 3의 다음 행들은 앞 행 위에 변경을 하나씩 더하고, 마지막 행을 논문은 **Inception-v3**라고 부릅니다. Δ 열은 인쇄된 오류율로 앱이 계산한 값입니다.\n\n이름이 겹치는 것에 주의하세요. Inception-v4 논문은 BN-Inception을 "Inception-v2"라고 부릅니다.',
  'lesson.10.s2.head': 'RMSProp',
  'lesson.10.s2.body':
    '첫 변경은 모멘텀 SGD를 decay 0.9, ε = 1.0인 [[rmsprop|RMSProp]]으로 바꾼 것입니다. 학습률은 0.045에서 시작해 두 에폭마다 0.94를 곱합니다. 계산기로 아무 에폭의 학습률이나 볼 수 있습니다.',
  'lesson.10.s3.head': '레이블 스무딩',
  'lesson.10.s3.body':
    '원-핫 목표는 정답 로짓이 다른 로짓보다 무한히 커지기를 요구합니다. [[label-smoothing|레이블 스무딩]]은 덜 요구합니다: q′(k) = (1 − ε)·δ(k, y) + ε/K. 클래스 K = 1000, ε = 0.1이면 정답은 0.9001, 나머지 클래스는 모두 0.0001을 받습니다. ε를 움직이며 목표값과, 고정된 예측의 손실이 어떻게 바뀌는지 보세요.',
  'lesson.10.s4.head': '분해한 7×7과 BN-보조 분류기',
  'lesson.10.s4.body':
    '세 번째 변경은 첫 7×7 합성곱을 3×3 합성곱 여러 개로 분해한 것입니다. (표 1의 스템에 이미 3×3 세 개가 있는 것은 논문의 알려진 이상한 점입니다.) 마지막 변경은 보조 머리의 완전연결층까지 배치 정규화한 [[bn-auxiliary|BN-보조 분류기]]입니다. 네 가지를 모두 더하면 단일 크롭 top-1 오류율이 23.4%에서 21.2%로 내려갑니다.',
  'l10.col.network': '네트워크',
  'l10.col.top1': 'top-1 오류율',
  'l10.col.top5': 'top-5 오류율',
  'l10.col.cost': '비용 (십억 연산)',
  'l10.col.delta': 'Δ top-1 (앱)',
  'l10.calc.epoch': '에폭',
  'l10.calc.lr': '학습률',
  'l10.calc.classes': '클래스 수 K (표시)',
  'l10.calc.epsilon': 'ε',
  'l10.calc.true': '정답 클래스',
  'l10.calc.target': '목표값',
  'l10.calc.loss': '보이는 예측의 교차 엔트로피',
  'l10.calc.lossOneHot': '원-핫 목표 기준',
  'l10.calc.lossSmooth': '스무딩한 목표 기준',
  'l13.measured': '조용한 2코어 기기에서 이 프리셋이 낸 검증 top-1 오류율 (두 실행에 {seconds}초)',
  'l10.worked':
    '논문의 K = 1000, ε = 0.1 이면 평활화된 목표값은 정답 클래스 {t}, 다른 클래스 {o} 입니다 (논문에 인쇄된 값이 아니라 식에서 여기서 계산한 값).',
  'l11.table': '인쇄된 표 1 (k, l, m, n) 과 명세가 이것으로 만든 Reduction-A',
  'l11.col.outDepth': '출력 깊이 (계산)',
  'l10.check.final': 'Inception-v3의 top-1 오류율 (마지막 행)',
  'l10.check.total': 'Inception-v2 대비 top-1 변화 합계',

  'lesson.11.title': 'Inception-v4',
  'lesson.11.summary': '격자 크기마다 한 가지 설계: 스템, A 4개, B 7개, C 3개, 그리고 축소 블록 둘.',
  'lesson.11.s1.head': '새 스템',
  'lesson.11.s1.body':
    'Inception-v4는 예전의 분할 제약에서 벗어나 TensorFlow용으로 처음 설계된 모델이라, 격자 크기마다 한 종류의 블록만 씁니다. [[stem|스템]]에서부터 모듈의 아이디어를 씁니다. stride 2 합성곱과 풀링을 나란히 두고, 1×7/7×1 쌍도 씁니다. V가 붙은 층은 [[valid-padding|valid 패딩]]입니다. 299×299×3을 35×35×384로 만듭니다.',
  'lesson.11.s2.head': 'A 4개, B 7개, C 3개',
  'lesson.11.s2.body':
    'Inception-A 네 개가 35×35 격자에서, Inception-B 일곱 개가 17×17에서, Inception-C 세 개가 8×8에서 일합니다. 이 모듈들은 입력 크기를 바꾸지 않고, 크기는 축소 블록만 바꿉니다. 아래 개수와 모양은 명세에서 읽은 것입니다.',
  'lesson.11.s3.head': 'Reduction-A와 표 1',
  'lesson.11.s3.body':
    '같은 [[reduction-a|Reduction-A]]가 필터 수만 바꿔 세 네트워크에 쓰입니다. stride 2 최대 풀링, 필터 n개의 stride 2 3×3, 그리고 1×1 (k) → 3×3 (l) → stride 2 3×3 (m). 표 1이 네트워크마다 k, l, m, n을 적어 둡니다. 풀링은 입력 채널을 모두 넘기므로 출력 깊이는 입력 + n + m입니다.',
  'l11.col.stage': '단계',
  'l11.col.count': '모듈 수',
  'l11.col.output': '출력',
  'l11.col.network': '네트워크',
  'l11.calc.cin': '입력 깊이',
  'l11.calc.preset': '미리 설정',
  'l11.check.stem': '스템의 출력',
  'l11.check.counts': 'Inception-A, B, C 블록 수',

  'lesson.12.title': '잔차 연결',
  'lesson.12.summary': 'Inception 블록에 지름길 더하기, 짝이 되는 버전, 그리고 잔차를 줄여 더하는 이유.',
  'lesson.12.s1.head': 'Inception 블록 더하기 지름길',
  'lesson.12.s1.body':
    'Inception-ResNet 블록은 가볍게 줄인 Inception 블록을 돌리고, 활성화 없는 1×1 [[filter-expansion|필터 확장 층]]으로 출력을 입력 깊이로 되돌린 뒤, 입력에 더합니다: out = ReLU(x + s·F(x)). 배치 정규화는 일반 층에만 두고, 메모리를 아끼려고 덧셈 위에는 두지 않습니다. 그림은 이런 블록 하나를 보여 줍니다.',
  'lesson.12.s2.head': '짝 맞추기',
  'lesson.12.s2.body':
    '버전은 비용으로 짝지어집니다. Inception-ResNet-v1은 Inception-v3와, Inception-ResNet-v2는 Inception-v4와 비용이 비슷합니다. 표는 각 네트워크의 크기를 명세에서 계산합니다.',
  'lesson.12.s3.head': '잔차 스케일링',
  'lesson.12.s3.body':
    '필터가 약 1000개를 넘자 잔차 버전들이 "죽었습니다". 수만 번 학습한 뒤 풀링 직전 층이 0만 내놓았고, 학습률을 낮춰도 소용없었습니다. 더하기 전에 잔차에 0.1~0.3을 곱하자 해결되었고 정확도도 전혀 떨어지지 않았습니다. 이것이 [[residual-scaling|잔차 스케일링]]입니다. 장난감 모형이 이유를 보여 줍니다. 줄이지 않은 덧셈은 매번 활성값을 부풀리고, 블록 수십 개를 지나면 그것이 불어납니다.',
  'l12.col.network': '네트워크',
  'l12.col.partner': '잔차 짝',
  'l12.calc.scale': '배율 s',
  'l12.calc.gain': 'x 대비 가지 출력 크기',
  'l12.calc.blocks': '블록 수',
  'l12.calc.growth': '마지막 블록 뒤 활성값 크기',
  'l12.calc.note': '가지 출력이 서로 독립이라고 둔 장난감 모형이며, 논문의 수치가 아닙니다.',
  'l12.check.scales': '공개된 Inception-ResNet-v2의 배율 (A, B, C)',
  'l12.check.range': '0.1에서 0.3 사이',
  'l12.check.cost': '곱셈-덧셈: Inception-ResNet-v1 대 Inception-v3',
  'l12.check.costPaper': '"Inception-v3와 비슷한 비용"',

  'lesson.13.title': '수렴',
  'lesson.13.summary':
    '잔차 네트워크는 더 빨리 학습하고, 최종 정확도는 모델 크기를 따른다. 직접 확인해 보자.',
  'lesson.13.s1.head': '그림 21–26이 보여 주는 것',
  'lesson.13.s1.body':
    'Inception-v4 논문은 학습 중 검증 오류율을 그린 그래프 여섯 개로 끝납니다. 그림 21과 22는 Inception-v3와 비용이 비슷한 잔차 네트워크(Inception-ResNet-v1)를, 그림 23과 24는 Inception-v4와 Inception-ResNet-v2를 비교하고, 그림 25와 26은 넷을 한꺼번에 보여 줍니다.',
  'lesson.13.s2.head': '직접 돌려 보기',
  'lesson.13.s2.body':
    '학습 화면은 바로 첫 번째 비교, 곧 Inception-v3 대 Inception-ResNet-v1로 설정되어 열립니다. 데이터, 시드, 학습 방법이 모두 같습니다. 이 컴퓨터에서는 축소한 변형을 쓰므로 곡선은 경향을 보여 줄 뿐 논문의 숫자를 재현하지는 않습니다.',
  'lesson.13.s3.head': '곡선을 정직하게 읽기',
  'lesson.13.s3.body':
    '그림 설명은 잔차 버전이 "훨씬 빨리" 학습한다고 하지만, 논문은 속도 향상을 숫자로 밝히지 않았고 본문에 x축 단위도 없습니다. 최종 오류율은 비슷합니다. top-1에서 잔차 네트워크는 v3 쌍에서는 조금 나쁘게, v4 쌍에서는 조금 좋게 끝납니다. 그림 25의 설명이 요약합니다: 최종 정확도는 주로 모델 크기에 달린 것으로 보인다. 모든 곡선은 블랙리스트를 뺀 검증 이미지를 써서 전체 집합보다 top-1이 약 0.3% 낙관적입니다.',
  'l13.col.fig': '그림',
  'l13.col.compares': '비교 대상',
  'l13.col.metric': '오류율',
  'l13.col.finding': '그림 설명의 결론',
  'l13.fig21': '잔차 쪽이 훨씬 빨리 학습하고, 최종은 조금 나쁨.',
  'l13.fig22': '잔차 쪽이 훨씬 빨리 학습하고, 최종은 조금 좋음.',
  'l13.fig23': '잔차 쪽이 훨씬 빠르고 조금 좋음. 설명의 v3는 v4의 오기.',
  'l13.fig24': '잔차 쪽이 빠르고 조금 좋음.',
  'l13.fig25': '큰 모델이 더 좋게 끝나고, 잔차 쪽이 더 빨리 수렴.',
  'l13.fig26': 'top-1에서도 같은 그림.',
  'l13.allFour': '네 모델 모두',
  'l13.open': '학습 화면 열기: Inception-v3 대 Inception-ResNet-v1',
  'l13.expect':
    '프리셋은 두 네트워크를 너비 ×0.125, 입력 32 px로 줄여 MNIST에서 400 스텝 동시에 학습합니다. ONNX Runtime에서는 CPU 코어 두 개의 한가한 기기가 두 실행을 1분 안에 끝냅니다 (잰 값: 54초, 실행마다 코어 하나). TensorFlow.js만 학습할 수 있는 곳에서는 약 4분 30초 걸립니다. 이 프로젝트의 기계에서 잰 결과: Inception-ResNet-v1은 100 스텝에 검증 오류 30 % 아래로 내려갔고 Inception-v3는 180 스텝에야 내려갔습니다. 400 스텝에서는 각각 4 %와 12 %였습니다. 그림 21–22처럼 잔차 네트워크가 더 빨리 수렴합니다.',
  'l13.check.v3': 'Inception-v3, 단일 크롭 (top-1 / top-5)',
  'l13.check.ir1': 'Inception-ResNet-v1, 단일 크롭 (top-1 / top-5)',
  'l13.check.cost': '비용 비율 Inception-ResNet-v1 / Inception-v3 (곱셈-덧셈)',
  'l13.check.printedOnly': '인쇄값만 있음. 학습해서 비교해 보세요',
};
