import * as Comlink from 'comlink';
import { WorkerBridge } from './workerBridge';
import type { ModelArrays } from '../model/params';
import type { ModelMeta } from '../model/meta';
import type { BackendInfo } from '../worker/backends';
import type { ExplorerWorkerApi, Posteriors } from '../worker/explorer.worker';

/**
 * The page's handle on the explorer (inference) worker. Decode requests for
 * the same key are coalesced: while one is in flight only the latest waiting
 * request is kept, so a fast slider drag never queues up stale frames.
 */
class ExplorerClient {
  private readonly bridge = new WorkerBridge<ExplorerWorkerApi>(
    () => new Worker(new URL('../worker/explorer.worker.ts', import.meta.url), { type: 'module', name: 'explorer' }),
    'explorer',
  );
  private ready: Promise<BackendInfo> | null = null;
  /** True once init() resolved: calls then post at once instead of after a microtask. */
  private started = false;
  private readonly latest = new Map<
    string,
    { z: Float32Array; count: number; resolve: (v: Float32Array | null) => void }
  >();
  private readonly inFlight = new Set<string>();

  init(): Promise<BackendInfo> {
    this.ready ??= this.bridge.api.init().then((info) => {
      this.started = true;
      return info;
    });
    return this.ready;
  }

  onCrash(listener: (message: string) => void): () => void {
    return this.bridge.onCrash((message) => {
      this.ready = null;
      this.started = false;
      listener(message);
    });
  }

  async testSet(): Promise<{ images: Uint8Array; labels: Uint8Array }> {
    await this.init();
    return this.bridge.api.testSet();
  }

  async setModel(key: string, weights: ModelArrays): Promise<void> {
    await this.init();
    // A copy crosses, transferred: the page keeps its own weights (to save, export or recover from), and
    // copying then transferring costs the page less than structured-cloning 4 MB of weights.
    const layers = [...weights.encoder, ...weights.heads, ...weights.decoder].map((l) => ({
      ...l,
      kernel: l.kernel.slice(),
      bias: l.bias.slice(),
    }));
    const nEnc = weights.encoder.length;
    const nHeads = weights.heads.length;
    const copy: ModelArrays = {
      config: weights.config,
      encoder: layers.slice(0, nEnc),
      heads: layers.slice(nEnc, nEnc + nHeads),
      decoder: layers.slice(nEnc + nHeads),
    };
    const buffers = layers.flatMap((l) => [l.kernel.buffer as ArrayBuffer, l.bias.buffer as ArrayBuffer]);
    await this.bridge.api.setModel(key, Comlink.transfer(copy, buffers));
  }

  /** Moves a held model to another key (e.g. from a staging key into a slot once it checked out). */
  async moveModel(from: string, to: string): Promise<void> {
    await this.init();
    await this.bridge.api.moveModel(from, to);
  }

  async dropModel(key: string): Promise<void> {
    await this.bridge.api.dropModel(key);
  }

  async testPosteriors(key: string): Promise<Posteriors> {
    await this.init();
    return this.bridge.api.testPosteriors(key);
  }

  async encode(key: string, images: Float32Array, count: number): Promise<Posteriors> {
    await this.init();
    return this.bridge.api.encode(key, images, count);
  }

  /** Decodes now, in order; for bulk work (grids, strips). */
  async decode(key: string, z: Float32Array, count: number): Promise<Float32Array> {
    // Posted synchronously when the worker is up: a click's request leaves before the page re-renders.
    if (!this.started) await this.init();
    return this.bridge.api.decode(key, Comlink.transfer(z, [z.buffer as ArrayBuffer]), count);
  }

  /**
   * Decodes the latest request per key: resolves null when a newer request
   * replaced this one before it was sent (interactive dragging).
   */
  decodeLatest(key: string, z: Float32Array, count = 1): Promise<Float32Array | null> {
    return new Promise((resolve) => {
      this.latest.get(key)?.resolve(null);
      this.latest.set(key, { z, count, resolve });
      void this.pump(key);
    });
  }

  private async pump(key: string): Promise<void> {
    if (this.inFlight.has(key)) return;
    const next = this.latest.get(key);
    if (!next) return;
    this.latest.delete(key);
    this.inFlight.add(key);
    try {
      next.resolve(await this.decode(key, next.z, next.count));
    } catch {
      next.resolve(null);
    } finally {
      this.inFlight.delete(key);
      void this.pump(key);
    }
  }

  async loadModelFromUrl(key: string, baseUrl: string): Promise<{ meta: ModelMeta; weights: ModelArrays }> {
    await this.init();
    return this.bridge.api.loadModelFromUrl(key, baseUrl);
  }

  async loadModelFromFiles(
    key: string,
    files: Map<string, Uint8Array>,
  ): Promise<{ meta: ModelMeta; weights: ModelArrays }> {
    await this.init();
    return this.bridge.api.loadModelFromFiles(key, files);
  }

  async modelFiles(weights: ModelArrays, meta: ModelMeta): Promise<Map<string, Uint8Array>> {
    await this.init();
    return this.bridge.api.modelFiles(weights, meta);
  }

  async memory(): Promise<number> {
    return this.bridge.api.memory();
  }
}

export const explorerClient = new ExplorerClient();
