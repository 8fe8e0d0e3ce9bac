/** English messages: the explorer namespace (toolbar, the two slots' maps, captions, figures, map legends). */
export const explorer = {
  heading: 'Explore the latent space',
  toolbar: {
    modelShown: 'Model shown',
    sideBySide: '{{left}} and {{right}} side by side',
    sigmaEllipses: 'Sigma ellipses',
    radius: 'Radius',
    prior: "Prior (N(0, I) rings, or a learned prior's components)",
    manifold: 'Decoded manifold',
    grid: 'Grid',
    inverseCdf: "Space by the prior's quantiles (inverse CDF)",
    digitsShown: 'Digits shown',
    digit: 'Digit {{digit}}',
    classesShown: 'Classes shown',
    /** The chip of a Fashion-MNIST class (its name is the chip's text). */
    item: 'Class {{label}}: {{name}}',
    /** Fashion-MNIST's class names, by label. */
    classes: {
      c0: 'T-shirt/top',
      c1: 'Trouser',
      c2: 'Pullover',
      c3: 'Dress',
      c4: 'Coat',
      c5: 'Sandal',
      c6: 'Shirt',
      c7: 'Sneaker',
      c8: 'Bag',
      c9: 'Ankle boot',
    },
  },
  slot: {
    trainingStep: 'Weights from training step {{step}}.',
    clickToDecode: 'Click the map to decode a point.',
    vqDecoded: ' → decoded: the code of its cell',
    decodedImage: 'Decoded image ({{label}})',
    saveMap: 'Save map as PNG',
    saveImage: 'Save image as PNG',
    exactDecode: 'Decoded z_e point, not a code ({{label}})',
    exactCaption: 'the point itself (z_e space, not a code)',
  },
  projection: {
    group: 'Plotted dimensions ({{label}})',
    pca: 'PCA of the means',
    axis: '{{axis}} axis',
    others: 'The other {{n}} dimensions come from the selected point (see the sliders).',
  },
  manifold: {
    strip: 'Decoded manifold ({{label}})',
    quantiles:
      "{{size}} × {{size}} decodes, z at the prior's quantiles Φ⁻¹((k + ½)/{{size}}): equal prior mass per cell.",
    even: '{{size}} × {{size}} decodes, z evenly spaced over [{{x0}}, {{x1}}] × [{{y0}}, {{y1}}].',
  },
  /** The caption under each family's map (rich text: <strong> is the model's name). */
  caption: {
    vaeMixture:
      "<strong>{{label}}, learned prior.</strong> Each dot is a test digit's posterior mean μ(x), each ellipse its σ. The prior is no longer N(0, I) but a mixture of Gaussians learned with the encoder (its components drawn as black ellipses at 1 and 2 σ): it follows where the codes are, so prior samples land on data. Its KL term has no closed form, so the figures use the one-sample estimate log q(z|x) − log p(z).",
    vae: '<strong>{{label}}.</strong> Each dot is the posterior mean μ(x) of a test digit, each ellipse its σ: the encoder gives a diagonal Gaussian q(z|x) = N(μ, diag σ²), a region rather than a point. The KL term pulls every posterior towards the prior N(0, I) (dashed rings at 1, 2 and 3 σ), so the codes are centred, bounded and overlap: few holes are left where the prior puts its mass, and a z drawn from the prior mostly decodes to a plausible digit.',
    ae: '<strong>{{label}}.</strong> Each dot is the code z(x) of a test digit: a point, not a distribution, and nothing pulls it anywhere. Mind the axes: the codes spread over an unbounded, off-centre region, some digits crowd into thin streaks while others sprawl, and gaps open between them. No digit was trained to decode from a gap: what comes out there can be a clean digit, a blend or a smudge, and nothing says where a random point should come from.',
    vqVae:
      "<strong>{{label}}.</strong> Each dot is a test digit's continuous code z_e; the black points are the codebook, and each shaded cell the region of z_e that snaps to one code (Voronoi cells; darker: more test digits use it). The decoder only ever sees the codes, so every point of a cell decodes to the same image: no smooth interpolation inside a cell, and at most log₂ K bits per image. In exchange the code is exact, cheap to store and easy to model with a prior over K symbols.",
    flowVae:
      "<strong>{{label}}.</strong> The encoder's diagonal Gaussian is pushed through invertible affine couplings conditioned on x, so q(z|x) can bend and skew: no ellipse describes it any more. Each dot is the flow's image of the base mean, f(μ(x)); click a test digit on the map to draw its posterior as density contours. log q(z|x) stays exact (base density minus the log-determinants), so the ELBO is estimated by sampling.",
    fullcovVae:
      "<strong>{{label}}.</strong> Each dot is a test digit's posterior mean μ(x), each ellipse its covariance Σ = L Lᵀ at one σ: unlike the diagonal VAE's axis-aligned ellipses these can tilt, because the encoder also outputs the lower-triangular factor L (d(d + 1)/2 numbers, a positive diagonal through exp). z = μ + L ε keeps the reparameterisation, and the KL to N(0, I) stays closed form: ½ (tr Σ + |μ|² − d) − log det L.",
  },
  holes: {
    group: 'Holes measured ({{label}})',
    regionPrior: 'the prior’s 2σ disc (where most draws from N(0, I) land)',
    regionCodes: 'the box of its codes, [{{x0}}, {{x1}}] × [{{y0}}, {{y1}}] (the central 98 % of each axis)',
    /** Rich text: <strong> is the measured share; what: the mean or the code. */
    measured:
      "Measured on this map: <strong>{{share}}</strong> of {{region}} is farther than r = {{radius}} ({{fraction}} % of its width) from every test digit's {{what}}.",
    mean: 'mean',
    code: 'code',
    decodes: ' What the holes farthest from any code decode to:',
    strip: 'Decodes of holes ({{label}})',
  },
  /** A model's test-set figures, one line assembled from these pieces. */
  figures: {
    none: 'No test figures (no epoch had finished on these weights).',
    reconstruction: 'Reconstruction {{value}}',
    elbo: ', KL {{kl}}{{note}}, −ELBO {{negElbo}}',
    klSampled: ' (one-sample estimate)',
    klLogK: ' (log K)',
    testDigits: ' ({{n}} test digits)',
    iwae: '; IWAE −log p(x) ≈ {{value}} (K = {{K}}, {{n}} digits)',
    quadrature: '; −log p(x) by quadrature {{value}}{{digits}}',
    unit: ' nats per test image',
    codebook: '; codebook perplexity {{perplexity}} of {{codes}} codes, {{dead}} dead codes',
    end: '.',
  },
  codeUsage: {
    figure: 'Codebook usage ({{label}})',
    caption:
      '{{label}}: codebook usage over the test digits, most used first. Perplexity {{perplexity}} of {{codes}} codes, {{dead}} dead (never chosen); a code carries at most log₂ {{codes}} = {{bits}} bits, these codes {{usedBits}} bits on average.',
    chart: 'Test digits per code ({{label}})',
    bar: 'code {{k}}: {{n}} digits',
  },
  map: {
    label: 'Latent map ({{label}})',
    roleDescription: 'latent map',
    /** The mark of the drawing pad's digit on the map (drawn on the canvas). */
    drawnMark: 'drawn',
    interpolationPath: 'A → B: the interpolation path (see “{{panel}}”)',
    drawn: "drawn (pink): the drawing pad's digit, where this model puts it",
    drawnTest: "drawn (pink): the drawing pad's digit, test digit number {{index}}, where this model puts it",
    testDigit: 'Test digit {{index}}',
    tooltip: '#{{index}}: a {{digit}}',
    loading: 'Loading {{name}}…',
    noModel: 'No model',
    marks: 'Marks on the map ({{label}})',
    alsoDrawn: 'Also drawn on the map ({{label}})',
    visibleRange: 'Visible range ({{label}})',
    range: '{{x}} from {{x0}} to {{x1}}, {{y}} from {{y0}} to {{y1}}',
    help: 'Click to decode a point; scroll or pinch to zoom, drag to pan. Keys: arrows move the point (Shift: further), + and − zoom.',
    fit: 'Fit view',
  },
  /** The legends of what a family or a tool adds to a map (state/slotLayers.ts, state/flowContours.ts). */
  layers: {
    codebook:
      'Codebook: {{codes}} codes (dots) and their Voronoi cells, darker where more test digits use the code ({{used}} used)',
    learnedPrior: 'Learned prior: {{components}} mixture components at 1 and 2 σ (dashed), labelled with their weights',
    flowPosterior: 'Flow posterior q(z|x) of test digit #{{digit}}: 50 / 90 / 99 % density contours (blue)',
    tilted:
      'Full covariance: each ellipse is q(z|x) at 1 σ, tilted by the correlation ρ of z₁ and z₂; mean |ρ| = {{meanRho}} over {{digits}} test digits, {{share}} with |ρ| > 0.3',
  },
} as const;
