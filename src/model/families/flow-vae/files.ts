import * as tf from '@tensorflow/tfjs-core';
import { FamilyFormatError } from '../parts';
import { FLOW_FILES } from './info';
import type { FamilyFiles } from '../types';

/**
 * A flow's coupling networks on disk: flow/weights.json (a standard tfjs
 * weights manifest) + flow/weights.bin; meta.json `flow` says their shape.
 */

export const flowFiles: FamilyFiles = {
  async write(arrays) {
    const files = new Map<string, Uint8Array>();
    const flowExtras = arrays.extras.filter((e) => e.name.startsWith('flow/'));
    const tensors = flowExtras.map((e) => ({ name: e.name, tensor: tf.tensor(e.values, e.shape) }));
    try {
      const { data, specs } = await tf.io.encodeWeights(tensors);
      const manifest = { weightsManifest: [{ paths: ['weights.bin'], weights: specs }] };
      files.set(FLOW_FILES.manifest, new TextEncoder().encode(JSON.stringify(manifest)));
      files.set(FLOW_FILES.weights, new Uint8Array(data as ArrayBuffer));
    } finally {
      tf.dispose(tensors.map((t) => t.tensor));
    }
    return files;
  },

  async read(_config, meta, read) {
    if (!meta.flow) throw new FamilyFormatError('meta.json: a flow VAE needs its flow description');
    const manifestBytes = await read(FLOW_FILES.manifest);
    if (!manifestBytes)
      throw new FamilyFormatError(`${FLOW_FILES.manifest} is missing (a flow VAE keeps its couplings there)`);
    let manifest: { weightsManifest?: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
    try {
      manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
    } catch {
      throw new FamilyFormatError(`${FLOW_FILES.manifest} is not valid JSON`);
    }
    const group = manifest.weightsManifest?.[0];
    if (!group || !Array.isArray(group.weights))
      throw new FamilyFormatError(`${FLOW_FILES.manifest} has no weightsManifest`);
    const bytes = await read(FLOW_FILES.weights);
    if (!bytes) throw new FamilyFormatError(`${FLOW_FILES.weights} is missing`);
    const expected = group.weights.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
    if (bytes.byteLength !== expected) {
      throw new FamilyFormatError(`${FLOW_FILES.weights} is ${bytes.byteLength} bytes, expected ${expected}`);
    }
    const decoded = tf.io.decodeWeights(bytes.slice().buffer, group.weights);
    const out = new Map<string, Float32Array>();
    for (const [name, tensor] of Object.entries(decoded)) {
      out.set(name, new Float32Array(tensor.dataSync() as Float32Array));
      tensor.dispose();
    }
    return out;
  },
};
