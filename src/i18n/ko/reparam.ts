import type { Messages } from '../messages';
import type { reparam as en } from '../en/reparam';

/** 한국어 메시지: 재파라미터화 트릭 패널. 용어는 ../shared/GLOSSARY-ko.md를 따른다. */
export const reparam: Messages<typeof en> = {
  heading: '재파라미터화 트릭: z = μ + σ ⊙ ε',
  intro:
    '지도에서 고른 숫자에 대해 (2차원 VAE 기준): 왼쪽은 K개의 샘플 ε ~ N(0, I), 오른쪽은 같은 샘플을 인코더의 q(z|x)에 통과시킨 z = μ + σ ⊙ ε이며, 샘플마다 고유한 색으로 표시되고 그 아래에 이미지가 있습니다. 무작위성은 ε에 있고, z는 μ와 σ의 미분 가능한 함수이므로 (dz/dμ = 1, dz/dσ = ε) 기울기가 μ와 σ까지 닿을 수 있습니다. ε를 고정한 뒤 μ를 끌거나 σ의 크기를 바꿔 보세요: 모든 z가 결정적으로 움직입니다.',
  noModel: '이 패널을 쓰려면 2차원 VAE(또는 대각 q를 가진 다른 2차원 VAE)를 슬롯에 표시하세요.',
  digit: '숫자',
  resample: 'ε 다시 샘플링',
  freeze: 'ε 고정',
  sigmaScale: 'σ 배율',
  sigmaScaleValue: '× {{value}}',
  reset: 'μ와 σ를 인코더의 값으로 되돌리기',
  onMap: '샘플을 지도에 표시',
  epsInset: 'ε 공간: N(0, I)에서 뽑은 샘플 {{K}}개, 반지름 1과 2의 원',
  zInset: 'z 공간: 같은 샘플을 q(z|x)에 통과시킨 것, 1σ와 2σ 타원; μ를 끌어 보세요',
  strip: '디코딩한 샘플 z_k',
  inside: '샘플 {{K}}개 중 {{n}}개가 q의 1σ 타원 안에 있음 (기댓값 39.3 %: 2차원에서 1 − e^(−1/2))',
  theta: 'μ = ({{m1}}, {{m2}}), σ = ({{s1}}, {{s2}})',
  compare: '기울기 비교',
  comparing: '기울기를 추정하는 중…',
  compareHint:
    '∂ELBO/∂μ와 ∂ELBO/∂log σ²의 두 추정량, 샘플 K = 1개와 K = 10개에서 각각 1,000번씩: 재파라미터화(z = μ + σ ε를 통해)와 점수 함수(REINFORCE: f(z) ∇ log q(z|x), 이 트릭이 대신하는 추정량).',
  table: '기울기 추정값, K = {{K}}',
  caption:
    'K = {{K}}: 추정값 {{repeats}}개의 평균 ± 표준편차. 둘 다 편향되지 않았고 (평균이 표준 오차 안에서 일치), 다른 것은 퍼짐입니다.',
  parameter: '파라미터',
  pathwise: '재파라미터화',
  score: '점수 함수',
  ratio: '분산 비 (점수 함수 ÷ 재파라미터화)',
  legend: '재파라미터화: 샘플 {{K}}개 z = μ + σ ⊙ ε (색), q(z|x)의 1σ와 2σ (점선)',
};
