/** Figures of a VQ-VAE's code usage (how many images chose each of its K codes). */
export interface CodeUsageFigures {
  /** exp(entropy of the usage distribution): the number of codes "in effective use". */
  perplexity: number;
  /** Codes no image chose. */
  deadCodes: number;
  /** log2 K: the most bits a code can carry. */
  bits: number;
  /** The entropy of the usage in bits: what the codes carry on these images. */
  usedBits: number;
}

export function codeUsageFigures(usage: ArrayLike<number>): CodeUsageFigures {
  let total = 0;
  for (let k = 0; k < usage.length; k++) total += usage[k];
  let entropy = 0;
  let dead = 0;
  for (let k = 0; k < usage.length; k++) {
    if (usage[k] === 0) {
      dead++;
      continue;
    }
    const p = usage[k] / total;
    entropy -= p * Math.log(p);
  }
  return {
    perplexity: total > 0 ? Math.exp(entropy) : 0,
    deadCodes: dead,
    bits: Math.log2(usage.length),
    usedBits: entropy / Math.LN2,
  };
}
