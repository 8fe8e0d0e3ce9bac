import { currentLanguage } from '../i18n';

/**
 * Number formatting shared by the panels, in the page's language (grouping
 * and decimal marks from Intl.NumberFormat: English and Korean both write
 * 1,234.5). Components that call these re-render on a language switch
 * because they use the i18n layer's hook.
 */
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(digits: number): Intl.NumberFormat {
  const key = `${currentLanguage()}:${digits}`;
  let f = formats.get(key);
  if (!f) {
    // Figures with decimals (nats) without grouping: 1234.56 reads as one number in a table cell.
    f = new Intl.NumberFormat(currentLanguage(), {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: digits === 0,
    });
    formats.set(key, f);
  }
  return f;
}

/** A whole number with the language's grouping (10,000). */
export const count = (n: number) => numberFormat(0).format(n);

/**
 * A figure with `digits` decimals; '–' for none or a non-finite one; beyond a
 * million, three significant digits in exponent form (no figure of this app
 * should be that large, and one that is must not fill the line with digits).
 */
export function fixed(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e6 ? x.toExponential(2) : numberFormat(digits).format(x);
}

export function nats(x: number | null | undefined, digits = 1): string {
  return fixed(x, digits);
}

/** A share as a percentage with one decimal: 12.3 %. */
export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${numberFormat(digits).format(100 * x)} %`;
}

export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  const ko = currentLanguage() === 'ko';
  if (s < 60) return ko ? `${s}초` : `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return ko ? `${m}분 ${s % 60}초` : `${m} min ${s % 60} s`;
  return ko ? `${Math.floor(m / 60)}시간 ${m % 60}분` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
