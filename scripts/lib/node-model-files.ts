import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelFiles, ReadModelFile } from '../../src/model/format/layersModel';

export async function writeModelFiles(dir: string, files: ModelFiles): Promise<void> {
  for (const [path, bytes] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
}

export function readModelFilesFrom(dir: string): ReadModelFile {
  return async (path) => {
    try {
      return new Uint8Array(await readFile(join(dir, path)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  };
}
