import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The built app's files in `<dist>/assets` matching `pattern`, raw and gzipped, largest first. */
export function bundleSizes(dist = 'dist', pattern = /\.(js|css|wasm)$/): BundleFile[] {
  const dir = join(dist, 'assets');
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .map((file) => {
      const data = readFileSync(join(dir, file));
      return { file, bytes: statSync(join(dir, file)).size, gzipBytes: gzipSync(data).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
}
