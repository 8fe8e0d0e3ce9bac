import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { ko } from '../../src/i18n/ko';

/**
 * The i18n layer is complete: English and Korean have the same keys, no
 * empty message, the same {{placeholders}}, Korean text where English has
 * words; and no component writes visible text outside it (its JSX is
 * scanned for literal text and literal labels).
 */

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

/** Words that are the same in both languages: names, symbols, units. */
const SAME_IN_BOTH = new Set([
  'latent',
  'explorer',
  'vae',
  'ae',
  'vq',
  'elbo',
  'kl',
  'gmm',
  'bic',
  'ess',
  'mnist',
  'pca',
  'png',
  'zip',
  'wasm',
  'webgl',
  'cpu',
  'auto',
  'tensorflow',
  'js',
  'webassembly',
  'log',
  'exp',
  'nats',
  'ms',
  'relu',
  'sigmoid',
  'adam',
]);

describe('messages', () => {
  const english = flatten(en as unknown as Tree);
  const korean = flatten(ko as unknown as Tree);

  it('have the same keys in English and Korean, none empty', () => {
    expect([...korean.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of [...english, ...korean]) expect(text.trim(), key).not.toBe('');
  });

  it('have the same placeholders in both languages', () => {
    for (const [key, text] of english) expect(placeholders(korean.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('are translated: Korean text wherever the English has words of its own', () => {
    for (const [key, text] of english) {
      const words = (text.replace(/\{\{[^}]*\}\}/g, '').match(/[A-Za-z]{3,}/g) ?? []).filter(
        (w) => !SAME_IN_BOTH.has(w.toLowerCase()),
      );
      if (words.length === 0) continue;
      expect(/[가-힣]/.test(korean.get(key) ?? ''), `${key}: "${korean.get(key)}"`).toBe(true);
    }
  });
});

/** Attributes whose text a person sees or hears. */
const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
]);
/** Letters that are symbols of the maths, not words (z1, K, q(z|x), N(0, I), log, KL, ELBO). */
const SYMBOLS = new Set([
  'z',
  'x',
  'y',
  'K',
  'N',
  'I',
  'd',
  'k',
  'q',
  'p',
  'u',
  'v',
  'e',
  'i',
  'j',
  'log',
  'exp',
  'KL',
  'ELBO',
  'PC',
  'A',
  'B',
]);

function hasWords(text: string): boolean {
  const words = text.match(/[A-Za-z가-힣]+/g) ?? [];
  return words.some((w) => !SYMBOLS.has(w));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.tsx') ? [path] : [];
  });
}

/** Literal text in JSX: text children, literal strings in {expressions}, literal values of visible attributes. */
function literalText(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const strings = (node: ts.Node | undefined): void => {
    if (!node) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (hasWords(node.text)) found.push(`${where(node)} "${node.text}"`);
    } else if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (hasWords(text)) found.push(`${where(node)} \`${text}\``);
    } else if (ts.isConditionalExpression(node)) {
      strings(node.whenTrue);
      strings(node.whenFalse);
    } else if (ts.isBinaryExpression(node)) {
      // Text joined or chosen (a + b, a && b, a ?? b), not a comparison (mode === 'rename').
      const op = node.operatorToken.kind;
      const comparison = [
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ts.SyntaxKind.EqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsToken,
      ].includes(op);
      if (!comparison) {
        strings(node.left);
        strings(node.right);
      }
    } else if (ts.isParenthesizedExpression(node)) {
      strings(node.expression);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && hasWords(node.text)) found.push(`${where(node)} "${node.text.trim()}"`);
    if (ts.isJsxExpression(node) && !ts.isJsxAttribute(node.parent)) strings(node.expression);
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(source))) {
      const init = node.initializer;
      if (init && ts.isStringLiteral(init)) strings(init);
      else if (init && ts.isJsxExpression(init)) strings(init.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('components and the tour', () => {
  it('write no visible text outside the i18n layer', () => {
    const found = ['src/components', 'src/tour'].flatMap(filesUnder).flatMap(literalText);
    expect(found).toEqual([]);
  });
});

/** i18next's t typed for any key and options (the typed one takes only the message files' keys). */
const untyped = (fn: unknown) => fn as (key: string, options?: object) => string;

describe('cached translation', () => {
  it('gives what i18next gives, in the language shown, for keys with and without values', async () => {
    const { i18n, t, setLanguage } = await import('../../src/i18n');
    const plain = i18n.t.bind(i18n);
    const calls: Array<[string, Record<string, string | number> | undefined]> = [
      ['reparam.heading', undefined],
      ['app.backend.threads', { count: 2 }],
      ['app.backend.threads', { count: 3 }],
      ['app.backend.threads', { count: 2 }],
    ];
    for (const language of ['en', 'ko', 'en'] as const) {
      setLanguage(language);
      for (const [key, options] of calls) {
        const expected = untyped(plain)(key, options);
        expect(untyped(t)(key, options)).toBe(expected);
        expect(untyped(t)(key, options)).toBe(expected);
      }
    }
    expect(untyped(t)('app.backend.threads', { count: 3 })).toContain('3');
    // The two languages differ, so a cache that ignored the language would have failed above.
    setLanguage('ko');
    const korean = untyped(t)('reparam.heading');
    setLanguage('en');
    expect(untyped(t)('reparam.heading')).not.toBe(korean);
  });
});
