import type { Messages } from '../messages';
import type { families as en } from '../en/families';

/** 한국어 메시지: 모델 계열 (이름은 그대로: VAE, AE, VQ-VAE, Flow VAE). Terms follow ../shared/GLOSSARY-ko.md. */
export const families: Messages<typeof en> = {
  vae: {
    description: 'q(z|x)는 대각 가우시안 분포; 재구성 + 사전 분포에 대한 β KL',
  },
  ae: {
    description: '이미지마다 점 하나의 코드; 재구성만',
  },
  'vq-vae': {
    description: '코드가 K개 코드북 벡터 중 가장 가까운 것으로 맞춰짐; KL = log K',
  },
  'flow-vae': {
    description: '대각 가우시안을 T개의 아핀 커플링에 통과시킴: q(z|x)가 어떤 모양이든 될 수 있음',
  },
  'fullcov-vae': {
    description: 'q(z|x)는 완전 공분산 L Lᵀ를 가진 가우시안 분포: 기울어진 타원; 인코더 출력이 d(d + 1)/2개 더 많음',
  },
  'conv-vae': {
    description: '합성곱을 쓴 VAE: Conv2D 인코더, Conv2DTranspose 디코더 (Keras 예제의 구조)',
  },
  prior: {
    standard: 'N(0, I)',
    mixture: '학습되는 가우시안 {{k}}개의 혼합',
  },
};
