import { maybeGunzip } from './gzip';
import type { MnistFileName, ReadMnistFile } from './mnist';

/**
 * Reads MNIST from the same origin: `scripts/prepare-data.mjs` writes the
 * original idx files, gzip-compressed, to `public/data/<name>.gz`.
 */
export function fetchMnistFile(baseUrl: string, fetchImpl: typeof fetch = fetch): ReadMnistFile {
  return async (name: MnistFileName) => {
    const url = `${baseUrl}${name}.gz`;
    const response = await fetchImpl(url);
    if (!response.ok) {
      throw new Error(`${name}: could not fetch ${url} (HTTP ${response.status} ${response.statusText})`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    try {
      return await maybeGunzip(bytes);
    } catch (err) {
      throw new Error(`${name}: the gzip data is corrupt (${err instanceof Error ? err.message : String(err)})`, {
        cause: err,
      });
    }
  };
}
