import type { Messages } from '../messages';
import type { mixtures as en } from '../en/mixtures';

/** 한국어 메시지: mixtures (코드 위 GMM, 집계 사후 분포, 무한한 혼합 모델). Terms follow ../shared/GLOSSARY-ko.md. */
export const mixtures: Messages<typeof en> = {
  heading: '혼합 모델과 사전 분포',
  gmm: {
    none: 'AE(또는 다른 모델)를 표시하면 그 코드에 가우시안 혼합 모델을 적합할 수 있습니다.',
    heading: '유한한 혼합 모델: {{model}}의 코드 위 GMM',
    hint: '가우시안 혼합 모델 (EM, 완전 공분산, 시드 고정)을 학습 숫자 20,000개의 코드에 적합합니다: K개의 혼합 성분 각각이 코드 평면 위의 가우시안 분포이고, 이것으로 {{model}}은(는) 생성 모델이 됩니다. 지도에 그려지는 것: 1σ와 2σ 타원으로 그린 혼합 성분과 그 가중치, 그리고 혼합 분포의 50 / 90 / 99 % 밀도 등고선.',
    model: 'GMM을 적합할 모델',
    components: '혼합 성분 수 K',
    componentsInput: 'GMM 혼합 성분 수',
    fit: 'GMM 적합하기',
    sweep: 'K = 1부터 50까지 홀드아웃 적합도와 BIC',
    invalidK: 'K는 1에서 50 사이의 정수여야 합니다',
    running: '학습 숫자를 인코딩하고 EM을 실행하는 중…',
    result: 'GMM 적합 결과',
    figures:
      'K = {{K}}: 적합에 쓴 코드 {{fittedOn}}개에서 코드당 평균 로그 우도 {{train}} nats, 테스트 숫자 {{heldOutCount}}개의 코드(홀드아웃)에서 {{heldOut}}; 코드당 BIC {{bic}} (−2 × 평균 로그 우도 + p log n / n, 파라미터 수 p = {{parameters}}, n = {{fittedOn}}); EM 반복 {{iterations}}회.',
    sample: '{{model}} + GMM에서 샘플링',
    sweepProgress: 'GMM K 스윕 진행 상황',
    heldSeries: '테스트 코드당 홀드아웃 로그 우도',
    bicSeries: '적합에 쓴 코드 {{fittedOn}}개에서의 코드당 BIC (낮을수록 좋음)',
    xLabel: '혼합 성분 수 K',
    heldYLabel: '코드당 nats',
    bicYLabel: '코드당 BIC',
    heldChart: 'K에 따른 홀드아웃 로그 우도',
    bicChart: 'K에 따른 BIC',
    samplesCaption: '{{model}} + GMM (K = {{K}}): 혼합 분포에서 뽑은 코드를 디코딩한 것',
    samples: '코드 위 GMM에서 뽑은 샘플',
    priorCaption: '{{model}}: {{source}}에서 뽑음',
    priorSamples: 'GMM 샘플 옆의 사전 분포 샘플',
    legend:
      '코드 위 GMM: 혼합 성분 {{components}}개의 1σ와 2σ 타원 (검정), 각각 가중치 표시; 혼합 분포의 50 / 90 / 99 % 밀도 등고선 (보라)',
  },
  aggregate: {
    heading: '집계 사후 분포와 사전 분포의 비교',
    hint: '테스트 숫자 10,000개에 대한 q(z) = 1/N Σ q(z|xₙ)는 인코더가 실제로 데이터를 놓는 곳입니다. 사전 분포에는 확률 질량이 있는데 q(z)에는 거의 없는 곳(구멍)에서는 사전 분포 샘플이 그럴듯하지 않은 이미지로 디코딩됩니다. 지도에는: q(z)를 청록색 히트맵으로, 사전 분포의 50 / 90 / 99 % 등고선을 점선으로, 구멍에 떨어진 사전 분포 샘플을 빨간 ×로 표시합니다.',
    model: '집계 사후 분포를 볼 모델',
    show: '집계 사후 분포 보기',
    hide: '숨기기',
    running: '테스트 숫자를 인코딩하는 중…',
    result: '집계 사후 분포 수치',
    figures:
      '{{model}}: KL(q(z) ‖ p(z)) ≈ {{kl}} ± {{standardError}} nats (테스트 숫자 {{digits}}개에 대한 q(z)에서 {{samples}}번 샘플링); 사전 분포 샘플 {{priorDraws}}개 중 q(z)의 값이 q(z) 자신의 샘플 99 %에서의 값보다 낮은 곳에 떨어지는 비율은 {{holeShare}}입니다.',
    noMap: ' 잠재 차원이 2보다 큽니다: 수치만 있고 지도는 없습니다.',
    legend:
      '테스트 숫자 10,000개에 대한 집계 사후 분포 q(z) (청록색, 꼬리가 보이도록 제곱근 음영), 사전 분포 N(0, I)의 50 / 90 / 99 % 등고선 (회색 점선), 구멍에 떨어진 사전 분포 샘플 (빨간 ×)',
  },
  infinite: {
    heading: '무한한 혼합 모델: VAE',
    hint: '사전 분포의 z 하나하나가 혼합 성분 p(x|z) 하나를 고릅니다: 아래는 사전 분포에서 뽑은 z들로, 각각 디코더의 평균 이미지 (맨 위)와 그 아래 실제 샘플 x ~ p(x|z) (픽셀을 베르누이 평균에서 샘플링)를 보여 줍니다. p(x)는 이 혼합 성분들을 p(z)에 대해 적분한 것, 즉 무한한 혼합 모델이고, AE의 코드 위 GMM은 이런 성분을 K개 가집니다.',
    model: '무한한 혼합 모델로 볼 모델',
    draw: '사전 분포에서 혼합 성분 뽑기',
    stripCaption: '{{model}}: 사전 분포에서 뽑은 z {{draws}}개, 열마다 하나씩: p(x|z)의 평균, 그 아래 샘플 {{perZ}}개',
    strip: '무한한 혼합 모델의 혼합 성분',
    componentsCaption: '{{model}} + GMM: 혼합 성분 {{K}}개의 평균을 디코딩한 것 (유한한 혼합 모델)',
    components: '유한한 혼합 모델의 혼합 성분',
  },
};
