import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

/**
 * tfjs in Node without @tensorflow/tfjs-node (it cannot install here): the
 * wasm backend (XNNPACK, SIMD) for real work, the pure-JS cpu backend for
 * small checks.
 */
export async function initNodeBackend(backend: NodeBackend = 'wasm'): Promise<string> {
  // Production mode: silences tfjs's "install tfjs-node" banner (it cannot install here).
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend "${backend}" failed to initialise`);
  await tf.ready();
  return tf.getBackend();
}
