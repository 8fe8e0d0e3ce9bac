import type { Messages } from '../messages';
import type { explorer as en } from '../en/explorer';

/** 한국어 메시지: explorer (도구 모음, 두 슬롯의 지도, 캡션, 수치, 지도 범례). Terms follow ../shared/GLOSSARY-ko.md. */
export const explorer: Messages<typeof en> = {
  heading: '잠재 공간 탐색하기',
  toolbar: {
    modelShown: '표시할 모델',
    sideBySide: '{{left}}, {{right}} 나란히 보기',
    sigmaEllipses: 'σ 타원',
    radius: '반지름',
    prior: '사전 분포 (N(0, I)의 고리, 또는 학습된 사전 분포의 혼합 성분)',
    manifold: '디코딩된 매니폴드',
    grid: '격자',
    inverseCdf: '사전 분포의 분위수 간격으로 배치 (역 CDF)',
    digitsShown: '표시할 숫자',
    digit: '숫자 {{digit}}',
    classesShown: '표시할 클래스',
    item: '클래스 {{label}}: {{name}}',
    classes: {
      c0: '티셔츠/탑',
      c1: '바지',
      c2: '풀오버',
      c3: '드레스',
      c4: '코트',
      c5: '샌들',
      c6: '셔츠',
      c7: '운동화',
      c8: '가방',
      c9: '앵클 부츠',
    },
  },
  slot: {
    trainingStep: '학습 스텝 {{step}}의 가중치.',
    clickToDecode: '지도를 클릭하면 그 점을 디코딩합니다.',
    vqDecoded: ' → 디코딩: 그 점이 속한 셀의 코드',
    decodedImage: '디코딩된 이미지 ({{label}})',
    saveMap: '지도를 PNG로 저장',
    saveImage: '이미지를 PNG로 저장',
    exactDecode: '디코딩한 z_e 점, 코드가 아님 ({{label}})',
    exactCaption: '점 자체 (z_e 공간, 코드가 아님)',
  },
  projection: {
    group: '그릴 차원 ({{label}})',
    pca: '평균들의 PCA',
    axis: '{{axis}}축',
    others: '나머지 {{n}}개 차원은 선택한 점에서 가져옵니다 (슬라이더 참고).',
  },
  manifold: {
    strip: '디코딩된 매니폴드 ({{label}})',
    quantiles:
      '{{size}} × {{size}}개 디코딩, z는 사전 분포의 분위수 Φ⁻¹((k + ½)/{{size}})에 놓임: 셀마다 사전 분포의 확률 질량이 같습니다.',
    even: '{{size}} × {{size}}개 디코딩, z는 [{{x0}}, {{x1}}] × [{{y0}}, {{y1}}]에 고르게 놓임.',
  },
  caption: {
    vaeMixture:
      '<strong>{{label}}, 학습된 사전 분포.</strong> 점 하나하나는 테스트 숫자의 사후 분포 평균 μ(x)이고, 타원은 그 σ입니다. 사전 분포는 더 이상 N(0, I)가 아니라 인코더와 함께 학습된 가우시안 혼합 분포입니다 (혼합 성분을 1σ와 2σ의 검은 타원으로 그림): 사전 분포가 코드가 있는 곳을 따라가므로 사전 분포 샘플이 데이터 위에 떨어집니다. 이때 KL 항은 닫힌 형태가 없어서, 수치에는 샘플 하나로 구한 추정값 log q(z|x) − log p(z)를 씁니다.',
    vae: '<strong>{{label}}.</strong> 점 하나하나는 테스트 숫자의 사후 분포 평균 μ(x)이고, 타원은 그 σ입니다: 인코더는 대각 가우시안 분포 q(z|x) = N(μ, diag σ²), 즉 점이 아니라 영역을 내놓습니다. KL 항이 모든 사후 분포를 사전 분포 N(0, I) (1, 2, 3σ의 점선 고리) 쪽으로 끌어당기므로, 코드는 가운데에 모이고 범위가 제한되며 서로 겹칩니다: 사전 분포가 확률 질량을 두는 곳에는 구멍이 거의 남지 않고, 사전 분포에서 뽑은 z는 대부분 그럴듯한 숫자로 디코딩됩니다.',
    ae: '<strong>{{label}}.</strong> 점 하나하나는 테스트 숫자의 코드 z(x)입니다: 분포가 아닌 점이며, 아무것도 이 점을 어디로 끌어당기지 않습니다. 축을 보세요: 코드는 중심에서 벗어난, 경계 없는 영역에 퍼져 있고, 어떤 숫자는 가느다란 줄무늬로 몰리는 반면 어떤 숫자는 넓게 흩어지며, 그 사이에 빈틈이 생깁니다. 빈틈에서 디코딩되도록 학습된 숫자는 없습니다: 거기서 나오는 것은 깨끗한 숫자일 수도, 섞인 모양이나 얼룩일 수도 있으며, 무작위 점을 어디서 뽑아야 하는지 알려 주는 것도 없습니다.',
    vqVae:
      '<strong>{{label}}.</strong> 점 하나하나는 테스트 숫자의 연속적인 코드 z_e이고, 검은 점들이 코드북이며, 음영을 넣은 셀 하나하나는 하나의 코드로 양자화되는 z_e의 영역입니다 (보로노이 셀; 진할수록 그 코드를 쓰는 테스트 숫자가 많음). 디코더는 코드만 보므로 한 셀 안의 모든 점은 같은 이미지로 디코딩됩니다: 셀 안에서는 매끄러운 보간이 없고, 이미지당 정보는 많아야 log₂ K 비트입니다. 그 대신 코드는 정확하고, 저장 비용이 적으며, K개 기호 위의 사전 분포로 모델링하기 쉽습니다.',
    flowVae:
      '<strong>{{label}}.</strong> 인코더의 대각 가우시안 분포를 x에 조건부인 가역 아핀 커플링에 통과시키므로, q(z|x)는 휘고 비틀어질 수 있습니다: 더 이상 타원 하나로 나타낼 수 없습니다. 점 하나하나는 기저 분포의 평균을 Flow로 보낸 상 f(μ(x))입니다. 지도에서 테스트 숫자를 클릭하면 그 사후 분포를 밀도 등고선으로 그립니다. log q(z|x)는 여전히 정확하게 계산되므로 (기저 밀도에서 로그 행렬식들을 뺀 값), ELBO는 샘플링으로 추정합니다.',
    fullcovVae:
      '<strong>{{label}}.</strong> 점 하나하나는 테스트 숫자의 사후 분포 평균 μ(x)이고, 타원은 그 공분산 Σ = L Lᵀ의 1σ입니다: 대각 VAE의 축에 나란한 타원과 달리 기울어질 수 있습니다. 인코더가 하삼각 인수 L (d(d + 1)/2개의 수, 대각 성분은 exp로 양수)도 함께 내놓기 때문입니다. z = μ + L ε로 재매개변수화 기법은 그대로이고, N(0, I)에 대한 KL도 닫힌 형태로 남습니다: ½ (tr Σ + |μ|² − d) − log det L.',
  },
  holes: {
    group: '측정한 구멍 ({{label}})',
    regionPrior: '사전 분포의 2σ 원판 (N(0, I)에서 뽑은 샘플 대부분이 떨어지는 곳)',
    regionCodes: '코드들이 있는 상자 [{{x0}}, {{x1}}] × [{{y0}}, {{y1}}] (각 축의 가운데 98 %)',
    measured:
      '이 지도에서 잰 값: {{region}} 중 모든 테스트 숫자의 {{what}}에서 r = {{radius}} (폭의 {{fraction}} %)보다 멀리 떨어진 부분의 비율은 <strong>{{share}}</strong>입니다.',
    mean: '평균',
    code: '코드',
    decodes: ' 어떤 코드로부터도 가장 멀리 떨어진 구멍들을 디코딩한 결과:',
    strip: '구멍을 디코딩한 이미지 ({{label}})',
  },
  figures: {
    none: '테스트 수치 없음 (이 가중치로는 끝난 에포크가 없었습니다).',
    reconstruction: '재구성 {{value}}',
    elbo: ', KL {{kl}}{{note}}, −ELBO {{negElbo}}',
    klSampled: ' (샘플 하나로 구한 추정값)',
    klLogK: ' (log K)',
    testDigits: ' (테스트 숫자 {{n}}개)',
    iwae: '; IWAE −log p(x) ≈ {{value}} (K = {{K}}, 숫자 {{n}}개)',
    quadrature: '; 수치 적분으로 구한 −log p(x) {{value}}{{digits}}',
    unit: ' nats (테스트 이미지당)',
    codebook: '; 코드북 퍼플렉서티 {{perplexity}} (코드 {{codes}}개 중), 죽은 코드 {{dead}}개',
    end: '.',
  },
  codeUsage: {
    figure: '코드북 사용량 ({{label}})',
    caption:
      '{{label}}: 테스트 숫자에 대한 코드북 사용량, 많이 쓰인 순. 퍼플렉서티 {{perplexity}} (코드 {{codes}}개 중), 죽은 코드 {{dead}}개 (한 번도 선택되지 않음); 코드 하나가 담는 정보는 많아야 log₂ {{codes}} = {{bits}} 비트이고, 이 코드들은 평균 {{usedBits}} 비트를 담습니다.',
    chart: '코드별 테스트 숫자 수 ({{label}})',
    bar: '코드 {{k}}: 숫자 {{n}}개',
  },
  map: {
    label: '잠재 공간 지도 ({{label}})',
    roleDescription: '잠재 공간 지도',
    drawnMark: '그린 숫자',
    interpolationPath: 'A → B: 보간 경로 (“{{panel}}” 참고)',
    drawn: '그린 숫자 (분홍): 그리기 패드의 숫자를 이 모델이 놓는 곳',
    drawnTest: '그린 숫자 (분홍): 그리기 패드의 숫자(테스트 숫자 {{index}}번)를 이 모델이 놓는 곳',
    testDigit: '테스트 숫자 {{index}}',
    tooltip: '#{{index}}: 숫자 {{digit}}',
    loading: '{{name}} 불러오는 중…',
    noModel: '모델 없음',
    marks: '지도 위의 표시 ({{label}})',
    alsoDrawn: '지도에 함께 그려진 것 ({{label}})',
    visibleRange: '보이는 범위 ({{label}})',
    range: '{{x}}: {{x0}}부터 {{x1}}까지, {{y}}: {{y0}}부터 {{y1}}까지',
    help: '클릭하면 그 점을 디코딩합니다. 스크롤하거나 핀치하면 확대/축소, 드래그하면 이동합니다. 키보드: 화살표로 점 이동 (Shift: 더 멀리), +와 −로 확대/축소.',
    fit: '화면에 맞추기',
  },
  layers: {
    codebook:
      '코드북: 코드 {{codes}}개 (점)와 그 보로노이 셀, 그 코드를 쓰는 테스트 숫자가 많을수록 진함 ({{used}}개 사용됨)',
    learnedPrior: '학습된 사전 분포: 혼합 성분 {{components}}개의 1σ와 2σ 타원 (점선), 각각 가중치 표시',
    flowPosterior: '테스트 숫자 #{{digit}}의 Flow 사후 분포 q(z|x): 50 / 90 / 99 % 밀도 등고선 (파랑)',
    tilted:
      '완전 공분산: 타원 하나하나는 1σ의 q(z|x)이며, z₁과 z₂의 상관계수 ρ만큼 기울어져 있음; 테스트 숫자 {{digits}}개에서 |ρ|의 평균 = {{meanRho}}, |ρ| > 0.3인 비율 {{share}}',
  },
};
