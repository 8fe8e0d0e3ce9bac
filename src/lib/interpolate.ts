export type InterpolationMode = 'linear' | 'spherical';

/**
 * Latent points along a path from a to b: a straight line, or a great-circle
 * arc (slerp) that keeps the norm plausible under N(0, I).
 */
export function interpolate(a: number[], b: number[], steps: number, mode: InterpolationMode): number[][] {
  const out: number[][] = [];
  const norm = (v: number[]) => Math.hypot(...v);
  const na = norm(a);
  const nb = norm(b);
  const cos = na && nb ? Math.min(1, Math.max(-1, a.reduce((s, ai, i) => s + ai * b[i], 0) / (na * nb))) : 1;
  const omega = Math.acos(cos);
  for (let k = 0; k < steps; k++) {
    const t = steps === 1 ? 0 : k / (steps - 1);
    if (mode === 'spherical' && omega > 1e-6) {
      const s = Math.sin(omega);
      const wa = Math.sin((1 - t) * omega) / s;
      const wb = Math.sin(t * omega) / s;
      out.push(a.map((ai, i) => wa * ai + wb * b[i]));
    } else {
      out.push(a.map((ai, i) => (1 - t) * ai + t * b[i]));
    }
  }
  return out;
}
