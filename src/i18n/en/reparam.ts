/** English messages: the reparameterisation panel. */
export const reparam = {
  heading: 'The reparameterisation trick: z = μ + σ ⊙ ε',
  intro:
    'For the digit picked on the map (under the 2-D VAE): K draws ε ~ N(0, I) on the left, and the same draws through the encoder’s q(z|x) on the right, z = μ + σ ⊙ ε, each in its own colour, with their images below. The randomness sits in ε; z is a differentiable function of μ and σ (dz/dμ = 1, dz/dσ = ε), so a gradient can reach them. Freeze ε, then drag μ or scale σ: every z moves, deterministically.',
  noModel: 'Show the 2-D VAE (or another 2-D VAE with a diagonal q) in a slot to use this panel.',
  digit: 'Digit',
  resample: 'Resample ε',
  freeze: 'Freeze ε',
  sigmaScale: 'Scale σ',
  sigmaScaleValue: '× {{value}}',
  reset: 'Back to the encoder’s μ and σ',
  onMap: 'Show the draws on the map',
  epsInset: 'ε-space: {{K}} draws of N(0, I), rings at 1 and 2',
  zInset: 'z-space: the same draws through q(z|x), its 1 and 2 σ ellipses; drag μ',
  strip: 'Decoded draws z_k',
  inside: '{{n}} of {{K}} draws inside q’s 1σ ellipse (expected 39.3 %: 1 − e^(−1/2) in 2-D)',
  theta: 'μ = ({{m1}}, {{m2}}), σ = ({{s1}}, {{s2}})',
  compare: 'Compare the gradients',
  comparing: 'Estimating the gradients…',
  compareHint:
    'Both estimators of ∂ELBO/∂μ and ∂ELBO/∂log σ², 1,000 times each at K = 1 and K = 10 draws: by reparameterisation (through z = μ + σ ε) and by the score function (REINFORCE: f(z) ∇ log q(z|x), the estimator the trick replaces).',
  table: 'Gradient estimates, K = {{K}}',
  caption:
    'K = {{K}}: mean ± sd over {{repeats}} estimates. Both are unbiased (their means agree within their standard errors); their spreads are what differ.',
  parameter: 'Parameter',
  pathwise: 'Reparameterisation',
  score: 'Score function',
  ratio: 'Variance ratio (score ÷ reparam.)',
  legend: 'Reparameterisation: {{K}} draws z = μ + σ ⊙ ε (coloured) and q(z|x) at 1 and 2 σ (dashed)',
} as const;
