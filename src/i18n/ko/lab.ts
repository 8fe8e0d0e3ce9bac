import type { Messages } from '../messages';
import type { lab as en } from '../en/lab';

/** 한국어 메시지: 사후 분포 실험실 (패널, 테스트 세트 요약, 지도 위의 레이어). Terms follow ../shared/GLOSSARY-ko.md. */
export const lab: Messages<typeof en> = {
  panel: {
    heading: '사후 분포 실험실: 실제 사후 분포와 q(z|x) 나란히 보기',
    intro:
      '숫자 하나에 대해, 격자 위에서 계산한 p(z|x) ∝ p(x|z) p(z)(2차원에서는 거의 정확하게 계산할 수 있습니다)를 인코더의 q(z|x) 옆에 보여 줍니다. log p(x)는 수치 적분, ELBO, 중요도 샘플링, 사전 분포에서의 단순 몬테카를로 샘플링으로 구하고, 항등식 log p(x) = ELBO + KL(q(z|x) ‖ p(z|x))의 각 항은 따로 계산합니다.',
    noModel: 'VAE나 Flow VAE(q(z|x)가 분포인 모델)를 표시하면 실험실을 쓸 수 있습니다.',
    model: '실험실 모델',
    testDigit: '실험실 테스트 숫자',
    run: '실험실 실행',
    useDrawn: '그린 숫자 사용',
    usePicked: '지도에서 고른 숫자 사용',
    usePickedNumber: '지도에서 고른 숫자 사용 (#{{index}})',
    follow: '지도에서 고른 숫자 따라가기',
    clear: '지우기',
    resultTest: '{{model}}에서 본 테스트 숫자 {{index}}번',
    resultDrawn: '{{model}}에서 본 그린 숫자',
    evaluating: '격자를 계산하는 중…',
    noGrid: '잠재 차원이 2보다 큼: 격자 없음(점이 너무 많이 필요합니다). log p(x)의 추정량만 보여 줍니다.',
  },
  digit: {
    testLabel: '숫자 x: {{label}}',
    drawnLabel: '숫자 x',
    testCaption: 'x: {{label}}',
    drawnCaption: 'x (그린 숫자)',
  },
  estimators: {
    ess: '위 행의 ESS',
    xLabel: 'K (샘플 수, 로그 스케일)',
    yLabel: 'log p(x) 추정값, nats',
    importanceSeries: '중요도 샘플링, 제안 분포 q(z|x) (20회 실행의 평균 ± 표준편차)',
    priorSeries: '사전 분포에서의 단순 몬테카를로 샘플링 (평균 ± 표준편차)',
    uniformSeries: 'z를 [−4, 4]ᵈ 위의 균등 분포에서 뽑는 단순 몬테카를로 (평균 ± 표준편차)',
    elboReference: 'ELBO',
    quadratureReference: 'log p(x), 수치 적분',
    progress: '중요도 샘플링과 사전 분포 몬테카를로 샘플링',
    progressName: '추정량 진행 상황',
    table: 'log p(x)의 추정량',
    caption:
      '샘플링으로 구한 log p(x), nats 단위: 샘플 K개, 각 20회 실행 (평균 ± 표준편차; ESS: 가중치의 유효 샘플 크기, (Σw)² / Σw²).',
    importance: '중요도 샘플링, q(z|x)',
    prior: '사전 분포 몬테카를로, z ~ p(z)',
    uniform: '균등 분포 상자 몬테카를로, z ~ U[−4, 4]ᵈ',
    chart: 'K에 따른 log p(x) 추정값',
  },
  fourWays: {
    table: 'log p(x)를 구하는 네 가지 방법',
    caption: 'log p(x)를 구하는 네 가지 방법, nats 단위 (이 숫자).',
    quadrature: '격자 위의 수치 적분',
    quadratureNote:
      '[{{x0}}, {{x1}}]² 위의 {{coarse}} × {{coarse}} 셀, 질량이 있는 곳을 3 × 3으로 분할 ({{refinements}}회, 셀 너비 {{finest}}까지): 셀 {{cells}}개, log p(x, z) 계산 {{evaluations}}회; 마지막 두 해상도의 차이 {{difference}} nats',
    elboClosedForm: '닫힌 형태의 KL에, q에서 뽑은 샘플 {{draws}}개로 평균한 재구성 항을 더한 값 (± 그 표준 오차)',
    elboSampled: 'log p(x, z) − log q(z|x)를 q에서 뽑은 샘플 {{draws}}개로 평균한 값 (± 그 표준 오차)',
    importance: '중요도 샘플링, K = {{K}}',
    importanceNote: '제안 분포 q(z|x); ESS {{ess}}',
    prior: '사전 분포 몬테카를로, K = {{K}}',
    priorNote: 'p(z)에서 뽑은 z: 이 숫자를 설명하는 샘플은 거의 없음',
  },
  truth: {
    inset: '실제 사후 분포 p(z|x), 확대 ({{model}})',
    caption:
      '히트맵: {{nx}} × {{ny}} 격자{{passes}} 위의 실제 사후 분포 p(z|x) ∝ p(x|z) p(z)와 그 50 / 90 / 99 % 최고 밀도 영역 등고선(보라색). 파란색: 인코더의 q(z|x){{shape}}. 주황색 점선: 최적 완전 공분산 가우시안(사후 분포의 평균과 공분산), 상관계수 ρ = {{correlation}}만큼 기울어져 있음.',
    passes: ' (디코더 {{passes}}회 통과, {{ms}} ms)',
    gaussianShape: ' (1, 2, 3 σ; 축 정렬: 대각)',
    flowShape: ' (Flow: 자체 등고선, 점선)',
    givesUpDiagonal:
      '대각 가정으로 잃는 것, nats 단위: KL(p(z|x) ‖ q(z|x)) = {{klQ}}; KL(p(z|x) ‖ 완전 공분산 근사) = {{klFit}}.',
    givesUpFlow: '이 q로 잃는 것, nats 단위: KL(p(z|x) ‖ q(z|x)) = {{klQ}}; KL(p(z|x) ‖ 완전 공분산 근사) = {{klFit}}.',
    identityName: 'ELBO 항등식',
    identity:
      'log p(x) − ELBO = {{logPx}} − ({{elbo}}) = {{gap}} ; 격자 위의 KL(q(z|x) ‖ p(z|x)) = {{kl}}; 잔차 {{residual}} (ELBO의 표준 오차는 {{standardError}}).',
  },
  gap: {
    run: '이 숫자에 최적인 q',
    hint: '이 숫자만의 대각 가우시안과 완전 공분산 가우시안을 ELBO에 대한 경사 상승법으로 적합합니다 (사후 분포의 격자 위에서; 그 경로가 지도에 표시됩니다).',
    running: '최적화하는 중…',
    failed: '이 숫자에 대해서는 간극을 분해하지 못했습니다: {{reason}}.',
    table: '간극은 어디서 오는가',
    caption: '간극 log p(x) − ELBO는 어디서 오는가, nats 단위{{refined}}.',
    refinedOnce: ' (적합한 q들이 있는 곳에서 격자를 한 번 세분해, 셀이 q들을 충분히 세밀하게 나타낼 수 있게 했습니다)',
    refinedTimes:
      ' (적합한 q들이 있는 곳에서 격자를 {{times}}번 세분해, 셀이 q들을 충분히 세밀하게 나타낼 수 있게 했습니다)',
    encoderElbo: '인코더 q의 ELBO',
    encoderElboFlow: '인코더 q의 ELBO (Flow)',
    diagonalElbo: '최적 대각 q의 ELBO',
    fullElbo: '최적 완전 공분산 q의 ELBO',
    amortisation: '상각 간극 (최적 대각 q − 인코더의 q)',
    approximation: '근사 간극 (log p(x) − 최적 대각 q)',
    fullCovariance: '최적 완전 공분산 q가 남긴 간극',
  },
  summary: {
    heading: '테스트 세트 전체',
    count: '테스트 숫자 N',
    countName: '요약에 쓸 테스트 숫자 수',
    run: '테스트 세트 전체에서 실행',
    invalid: 'N은 1에서 10,000 사이의 정수여야 합니다',
    progress: '숫자 {{total}}개 중 {{done}}개',
    progressName: '테스트 세트 요약 진행 상황',
    doneIn: '{{time}} 만에 완료',
    timeLeftName: '남은 시간',
    timeLeft: '약 {{time}} 남음',
    table: '테스트 세트 평균',
    captionGrid:
      '테스트 숫자 N = {{n}}개(시드로 고정한 무작위 부분집합)에 대한 평균, 이미지당 nats. ELBO와 KL은 격자 위에서 계산; 중요도 샘플링은 K = 100 (숫자당 1회 실행).',
    captionSampled:
      '테스트 숫자 N = {{n}}개(시드로 고정한 무작위 부분집합)에 대한 평균, 이미지당 nats. ELBO와 KL은 샘플링으로 계산; 중요도 샘플링은 K = 100 (숫자당 1회 실행).',
    failedOne:
      ' 두 간극 행은 나머지 {{others}}개에 대한 평균입니다: 숫자 하나({{digits}})에서는 격자를 세분한 뒤에도 최적 q 적합이 그에 비해 너무 거친 격자 셀 위에 있어, 그 분해를 제외했습니다.',
    failedMany:
      ' 두 간극 행은 나머지 {{others}}개에 대한 평균입니다: 숫자 {{failed}}개({{digits}})에서는 격자를 세분한 뒤에도 최적 q 적합이 그에 비해 너무 거친 격자 셀 위에 있어, 그 분해를 제외했습니다.',
    iwae: 'log p(x), 중요도 샘플링 (K = 100)',
    quadrature: 'log p(x), 수치 적분',
    amortisation: '상각 간극',
    approximation: '근사 간극 (대각)',
    ranked:
      'q(z|x)가 사후 분포를 가장 크게 놓치는 숫자들 (log p(x) − ELBO가 가장 큼): 이 숫자들에서는 q가 사후 분포 질량의 상당 부분을 벗어난 곳을 가리키므로, K = 100인 중요도 샘플링 추정값이 log p(x)보다 훨씬 낮을 수 있습니다.',
    rankedName: '간극 순으로 정렬한 숫자',
    open: '#{{index}} 열기',
    rankedGaps: 'ELBO까지의 간극 {{elbo}}, 중요도 샘플링까지의 간극 {{iwae}} nats',
  },
  state: {
    drawFirst: '먼저 패드에 숫자를 그리세요.',
    noSuchDigit: '그런 테스트 숫자가 없습니다.',
    legend:
      '사후 분포 실험실: 실제 사후 분포 p(z|x) (빨간 히트맵, 보라색 등고선), q(z|x) (파란색), 그 완전 공분산 근사 (주황색 점선)',
    fullFit: '완전 공분산 근사',
    q: 'q(z|x)',
    bestDiagonal: '최적 대각 q',
    bestFull: '최적 완전 공분산 q',
  },
};
