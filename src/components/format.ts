/** Number formatting shared by the panels. */
export const count = (n: number) => n.toLocaleString('en-US');

/**
 * A figure with `digits` decimals; '–' for none or a non-finite one; beyond a
 * million, three significant digits in exponent form (no figure of this app
 * should be that large, and one that is must not fill the line with digits).
 */
export function fixed(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e6 ? x.toExponential(2) : x.toFixed(digits);
}

export function nats(x: number | null | undefined, digits = 1): string {
  return fixed(x, digits);
}

export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
