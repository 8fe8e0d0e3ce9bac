/** English messages: the model families (their names stay as they are: VAE, AE, VQ-VAE, Flow VAE). */
export const families = {
  vae: {
    description: 'q(z|x) a diagonal Gaussian; reconstruction + β KL to the prior',
  },
  ae: {
    description: 'a point code per image; reconstruction only',
  },
  'vq-vae': {
    description: 'the code snaps to the nearest of K codebook vectors; KL = log K',
  },
  'flow-vae': {
    description: 'the diagonal Gaussian pushed through T affine couplings: q(z|x) any shape',
  },
  'fullcov-vae': {
    description: 'q(z|x) a Gaussian with a full covariance L Lᵀ: tilted ellipses; d(d + 1)/2 more encoder outputs',
  },
  'conv-vae': {
    description: 'the VAE with convolutions: Conv2D encoder, Conv2DTranspose decoder (the Keras example)',
  },
  prior: {
    standard: 'N(0, I)',
    mixture: 'a learned mixture of {{k}} Gaussians',
  },
} as const;
