import type { Messages } from '../messages';
import type { app as en } from '../en/app';

/** 한국어 메시지: 페이지의 틀 (머리글, 상태 줄, 패널 오류, 언어). Terms follow ../shared/GLOSSARY-ko.md. */
export const app: Messages<typeof en> = {
  title: 'Latent Explorer',
  tagline: '변이형 오토인코더(VAE)가 무엇을 학습하는지, 실제 MNIST로, 브라우저에서.',
  language: '언어',
  dataset: {
    name: '데이터셋',
    loading: '{{name}}를 불러오는 중…',
    loaded: '{{name}} 불러옴: 학습 숫자 {{train}}개 / 테스트 숫자 {{test}}개 ({{ms}} ms)',
    loadedItems: '{{name}} 불러옴: 학습 이미지 {{train}}개 / 테스트 이미지 {{test}}개 ({{ms}} ms)',
    failed: '{{name}}를 불러오지 못했습니다: {{reason}}',
  },
  datasetSwitch: {
    label: '데이터셋',
    checking: '{{name}} 파일을 확인하는 중…',
    refused: '{{name}}를 열지 않았습니다. 페이지는 지금 보이는 것을 그대로 둡니다: {{reason}}',
    confirmTraining:
      '이 페이지에서 모델을 학습하고 있습니다. {{name}}로 바꾸면 페이지를 다시 불러오며, 저장하지 않은 학습은 사라집니다. 바꿀까요?',
  },
  backend: {
    name: '사용 중인 백엔드',
    starting: 'TensorFlow.js를 시작하는 중…',
    startingOne: '{{backend}}을(를) 시작하는 중…',
    startingAny: '백엔드를 시작하는 중…',
    ready: '백엔드: {{name}}',
    renderer: ' ({{renderer}})',
    threads: ' (스레드 {{count}}개)',
    oneThread: ' (스레드 1개)',
    notIsolated:
      'WebAssembly 스레드가 하나뿐입니다: 이 페이지는 교차 출처 격리(cross-origin isolated)가 되어 있지 않아 스레드와 메모리를 공유할 수 없습니다. Cross-Origin-Opener-Policy: same-origin과 Cross-Origin-Embedder-Policy: require-corp 헤더로 제공하세요 (README 참고).',
    softwareWebgl:
      '여기서는 WebGL이 소프트웨어로 렌더링되므로 (GPU 없음) WebAssembly보다 느립니다: 학습 설정에서 wasm 또는 Auto를 고르세요.',
    softwareWebgpu:
      '이 WebGPU 어댑터는 소프트웨어 대체 어댑터이므로 (GPU 없음) WebAssembly보다 느립니다: 학습 설정에서 wasm 또는 Auto를 고르세요.',
    autoSkipped: ' · Auto가 건너뛴 백엔드: {{list}}',
    skip: {
      unavailable: '{{name}} (이 브라우저에 없음)',
      software: '{{name}} (소프트웨어 렌더링, GPU 없음)',
      precision: '{{name}} (float32가 아님)',
      failed: '{{name}} (시작 실패)',
    },
  },
  panelError: {
    stopped: '{{name}}에서 오류가 나 멈췄습니다: {{message}}',
    again: '{{name}} 다시 보기',
  },
  panels: {
    explorer: '잠재 공간 탐색기',
    lab: '사후 분포 실험실',
    hidden: '가려진 절반',
    anomaly: '튀는 하나',
    mixtures: '혼합 모델 패널',
    training: '학습 패널',
    map: '{{label}} 지도',
    sliders: '슬라이더',
    interpolation: '보간',
    drawPad: '그리기 패드',
    priorSamples: '사전 분포 샘플',
    tour: '안내 투어',
    reparam: '재파라미터화 트릭',
  },
  explorerNotice: {
    crashed: '탐색기 워커가 예기치 않게 멈췄습니다 ({{message}}).',
    restarting: '{{what}} 다시 시작하는 중…',
    restoredOne: '{{what}} 다시 시작했고 보이던 모델을 페이지에서 다시 불러왔습니다. 잃은 것은 없습니다.',
    restoredMany: '{{what}} 다시 시작했고 보이던 모델 {{count}}개를 페이지에서 다시 불러왔습니다. 잃은 것은 없습니다.',
    failed: '{{what}} 다시 시작하는 것도 실패했습니다: {{reason}}',
  },
  number: {
    none: '–',
  },
  chart: {
    numbers: '수치 ({{unit}})',
    data: '{{label}}: 데이터',
  },
};
