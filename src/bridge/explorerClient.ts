import * as Comlink from 'comlink';
import { WorkerBridge } from './workerBridge';
import { workerName, type DatasetId } from '../data/datasets';
import { pageDataset } from '../state/pageDataset';
import { copyArrays, weightArrays, type ModelArrays } from '../model/arrays';
import type { ModelMeta } from '../model/format/meta';
import type { LabRequest, LabUpdate, SummaryUpdate } from '../model/posterior/protocol';
import type { BackendInfo } from '../model/training/backend';
import type { ExplorerWorkerApi, Posteriors, PriorSource } from '../worker/explorer.worker';
import type { DatasetInfo } from '../worker/dataset';
import type { SweepPoint } from '../worker/mixtureHost';
import type { Gmm } from '../lib/gmm';
import type { HoleFigures, HoleRegion } from '../lib/holes';
import type { GaussianTheta, GradientEstimates } from '../model/posterior/reparam';
import type { AnomalyDirection, AnomalyMarkers, AnomalyUpdate } from '../model/posterior/anomalyProtocol';
import type { HiddenRequest, HiddenSummaryUpdate, HiddenUpdate } from '../model/posterior/hiddenProtocol';

/**
 * The page's handle on the explorer (inference) worker.
 *
 * - Decode requests for the same key are coalesced: while one is in flight
 *   only the latest waiting request is kept, so a fast slider drag never
 *   queues up stale frames.
 * - A request for a model the worker does not hold yet (the first click
 *   right after the map appears) waits for it instead of failing.
 * - If the worker crashes, pending calls reject, the held models are
 *   forgotten, and the crash listeners (the page's recovery) are told.
 */
class ExplorerClient {
  private readonly bridge = new WorkerBridge<ExplorerWorkerApi>(
    () =>
      new Worker(new URL('../worker/explorer.worker.ts', import.meta.url), {
        type: 'module',
        name: workerName('explorer', pageDataset()),
      }),
    'explorer',
  );
  private ready: Promise<BackendInfo> | null = null;
  /** True once init() resolved: calls then post at once instead of after a microtask. */
  private started = false;
  private readonly held = new Set<string>();
  private readonly heldWaiters = new Map<string, Array<() => void>>();
  private readonly latest = new Map<
    string,
    { z: Float32Array; count: number; resolve: (v: Float32Array | null) => void }
  >();
  private readonly inFlight = new Set<string>();

  constructor() {
    this.bridge.onCrash(() => {
      this.ready = null;
      this.started = false;
      this.held.clear();
    });
  }

  init(): Promise<BackendInfo> {
    this.ready ??= this.bridge
      .call((api) => api.init())
      .then(
        (info) => {
          this.started = true;
          return info;
        },
        (err: unknown) => {
          this.ready = null;
          throw err;
        },
      );
    return this.ready;
  }

  /** After a crash: the worker is gone with every model it held; `listener` restores what the page shows. */
  onCrash(listener: (message: string) => void): () => void {
    return this.bridge.onCrash(listener);
  }

  /** Whether the worker holds a model under `key` now. */
  holds(key: string): boolean {
    return this.held.has(key);
  }

  private markHeld(key: string, held: boolean): void {
    if (!held) {
      this.held.delete(key);
      return;
    }
    this.held.add(key);
    for (const resolve of this.heldWaiters.get(key) ?? []) resolve();
    this.heldWaiters.delete(key);
  }

  private whenHeld(key: string): Promise<void> {
    if (this.held.has(key)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.heldWaiters.get(key) ?? [];
      list.push(resolve);
      this.heldWaiters.set(key, list);
    });
  }

  async testSet(): Promise<{ images: Uint8Array; labels: Uint8Array }> {
    await this.init();
    return this.bridge.call((api) => api.testSet());
  }

  /** Fetches and checks all four files of another dataset (the page switches only when they pass). */
  async checkDataset(dataset: DatasetId): Promise<DatasetInfo> {
    await this.init();
    return this.bridge.call((api) => api.checkDataset(dataset));
  }

  async setModel(key: string, weights: ModelArrays): Promise<void> {
    // A copy crosses, transferred: the page keeps its own weights (to save, export or recover from), and
    // copying then transferring costs the page less than structured-cloning megabytes of weights.
    await this.giveModel(key, copyArrays(weights));
  }

  /** Hands over weights the page will not use again (their buffers move to the worker, no copy). */
  async giveModel(key: string, weights: ModelArrays): Promise<void> {
    await this.init();
    const buffers = weightArrays(weights).map((a) => a.buffer as ArrayBuffer);
    await this.bridge.call((api) => api.setModel(key, Comlink.transfer(weights, buffers)));
    this.markHeld(key, true);
  }

  /** Moves a held model to another key (e.g. from a staging key into a slot once it checked out). */
  async moveModel(from: string, to: string): Promise<void> {
    await this.init();
    await this.bridge.call((api) => api.moveModel(from, to));
    this.markHeld(from, false);
    this.markHeld(to, true);
  }

  async dropModel(key: string): Promise<void> {
    this.markHeld(key, false);
    if (this.bridge.running) await this.bridge.call((api) => api.dropModel(key));
  }

  async testPosteriors(key: string): Promise<Posteriors> {
    await this.init();
    return this.bridge.call((api) => api.testPosteriors(key));
  }

  async encode(key: string, images: Float32Array, count: number): Promise<Posteriors> {
    await this.init();
    await this.whenHeld(key);
    return this.bridge.call((api) => api.encode(key, images, count));
  }

  /** Decodes now, in order; for bulk work (grids, strips). `exact`: see the worker's decode. */
  async decode(key: string, z: Float32Array, count: number, exact = false): Promise<Float32Array> {
    // Posted synchronously when the worker is up and holds the model: a click's request leaves before
    // the page re-renders.
    if (!this.started) await this.init();
    if (!this.held.has(key)) await this.whenHeld(key);
    return this.bridge.call((api) => api.decode(key, Comlink.transfer(z, [z.buffer as ArrayBuffer]), count, exact));
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
      // The worker crashed mid-request: recovery reloads the models and the next request decodes.
      next.resolve(null);
    } finally {
      this.inFlight.delete(key);
      void this.pump(key);
    }
  }

  /** Draws from the model's own generator, decoded: see the worker's samplePrior. */
  async samplePrior(
    key: string,
    count: number,
    seed: number,
  ): Promise<{ z: Float32Array; images: Float32Array; source: PriorSource }> {
    await this.init();
    await this.whenHeld(key);
    return this.bridge.call((api) => api.samplePrior(key, count, seed));
  }

  async loadModelFromUrl(key: string, baseUrl: string): Promise<{ meta: ModelMeta; weights: ModelArrays }> {
    await this.init();
    const loaded = await this.bridge.call((api) => api.loadModelFromUrl(key, baseUrl));
    this.markHeld(key, true);
    return loaded;
  }

  async loadModelFromFiles(
    key: string,
    files: Map<string, Uint8Array>,
  ): Promise<{ meta: ModelMeta; weights: ModelArrays }> {
    await this.init();
    const loaded = await this.bridge.call((api) => api.loadModelFromFiles(key, files));
    this.markHeld(key, true);
    return loaded;
  }

  async modelFiles(weights: ModelArrays, meta: ModelMeta): Promise<Map<string, Uint8Array>> {
    await this.init();
    return this.bridge.call((api) => api.modelFiles(weights, meta));
  }

  /** Runs the posterior lab for one image; updates arrive stage by stage (see the worker). */
  async posteriorLab(key: string, image: Float32Array, request: LabRequest, onUpdate: (u: LabUpdate) => void) {
    await this.init();
    await this.whenHeld(key);
    await this.bridge.call((api) => api.posteriorLab(key, image.slice(), request, Comlink.proxy(onUpdate)));
  }

  /** The benchmark's grid timing (see the worker). */
  async benchPosteriorGrid(key: string, image: Float32Array, size: number, repeats: number): Promise<number[]> {
    await this.init();
    await this.whenHeld(key);
    return this.bridge.call((api) => api.benchPosteriorGrid(key, image.slice(), size, repeats));
  }

  async hiddenHalf(
    key: string,
    image: Float32Array,
    mask: Uint8Array,
    request: HiddenRequest,
    onUpdate: (u: HiddenUpdate) => void,
  ) {
    await this.init();
    await this.whenHeld(key);
    await this.bridge.call((api) => api.hiddenHalf(key, image.slice(), mask.slice(), request, Comlink.proxy(onUpdate)));
  }

  async hiddenHalfSummary(key: string, count: number, mask: Uint8Array, onUpdate: (u: HiddenSummaryUpdate) => void) {
    await this.init();
    await this.whenHeld(key);
    await this.bridge.call((api) => api.hiddenHalfSummary(key, count, mask.slice(), Comlink.proxy(onUpdate)));
  }

  /** The benchmark's hidden-half timing beside the lab's (see the worker). */
  async benchHiddenHalf(key: string, image: Float32Array, mask: Uint8Array, size: number, repeats: number) {
    await this.init();
    await this.whenHeld(key);
    return this.bridge.call((api) => api.benchHiddenHalf(key, image.slice(), mask.slice(), size, repeats));
  }

  async anomalyScores(key: string, count: number, onUpdate: (u: AnomalyUpdate) => void): Promise<void> {
    await this.init();
    await this.whenHeld(key);
    await this.bridge.call((api) => api.anomalyScores(key, count, Comlink.proxy(onUpdate)));
  }

  async anomalyMarkers(key: string, image: Float32Array): Promise<AnomalyMarkers> {
    await this.init();
    await this.whenHeld(key);
    return this.bridge.call((api) => api.anomalyMarkers(key, image.slice()));
  }

  async anomalyDirections(modelsBase: string): Promise<AnomalyDirection[]> {
    await this.init();
    return this.bridge.call((api) => api.anomalyDirections(modelsBase));
  }

  async cancelAnomaly(): Promise<void> {
    if (this.bridge.running) await this.bridge.call((api) => api.cancelAnomaly());
  }

  async cancelHiddenHalf(): Promise<void> {
    if (this.bridge.running) await this.bridge.call((api) => api.cancelHiddenHalf());
  }

  async cancelHiddenHalfSummary(): Promise<void> {
    if (this.bridge.running) await this.bridge.call((api) => api.cancelHiddenHalfSummary());
  }

  async cancelPosteriorLab(): Promise<void> {
    if (this.bridge.running) await this.bridge.call((api) => api.cancelPosteriorLab());
  }

  async cancelPosteriorSummary(): Promise<void> {
    if (this.bridge.running) await this.bridge.call((api) => api.cancelPosteriorSummary());
  }

  async bestQ(onUpdate: (u: LabUpdate) => void): Promise<void> {
    await this.bridge.call((api) => api.bestQ(Comlink.proxy(onUpdate)));
  }

  async posteriorSummary(key: string, count: number, iwaeK: number, onUpdate: (u: SummaryUpdate) => void) {
    await this.init();
    await this.whenHeld(key);
    await this.bridge.call((api) => api.posteriorSummary(key, count, iwaeK, Comlink.proxy(onUpdate)));
  }

  /** log q(z|x) of one image on a grid around its q (a flow posterior's contours). */
  async qDensity(key: string, image: Float32Array, size: number) {
    await this.init();
    await this.whenHeld(key);
    return this.bridge.call((api) => api.qDensity(key, image.slice(), size));
  }

  /** The mixtures (see the worker and mixtureHost.ts): GMM on codes, aggregate posterior, the infinite-mixture strip. */
  async fitGmm(key: string, K: number, seed: number) {
    await this.whenHeld(key);
    return this.bridge.call((api) => api.fitGmm(key, K, seed));
  }

  async gmmSweep(key: string, maxK: number, seed: number, onPoint: (point: SweepPoint, done: number) => void) {
    await this.whenHeld(key);
    return this.bridge.call((api) => api.gmmSweep(key, maxK, seed, Comlink.proxy(onPoint)));
  }

  async sampleGmm(key: string, gmm: Gmm, count: number, seed: number) {
    await this.whenHeld(key);
    return this.bridge.call((api) => api.sampleGmm(key, gmm, count, seed));
  }

  async aggregatePosterior(key: string, seed: number) {
    await this.whenHeld(key);
    return this.bridge.call((api) => api.aggregatePosterior(key, seed));
  }

  async reparamGradients(
    key: string,
    image: Float32Array,
    theta: GaussianTheta,
    Ks: number[],
    repeats: number,
    seed: number,
  ): Promise<GradientEstimates[]> {
    await this.whenHeld(key);
    return this.bridge.call((api) => api.reparamGradients(key, image.slice(), theta, Ks, repeats, seed));
  }

  /** The holes of a 2-D code plane from its test codes' means (a copy goes: the page keeps its own). */
  async codeHoles(means: Float32Array, count: number, region: HoleRegion): Promise<HoleFigures> {
    await this.init();
    const copy = means.slice(0, 2 * count);
    return this.bridge.call((api) => api.codeHoles(Comlink.transfer(copy, [copy.buffer]), count, region));
  }

  async trainTestFigures(key: string) {
    await this.whenHeld(key);
    return this.bridge.call((api) => api.trainTestFigures(key));
  }

  async mixtureStrip(key: string, count: number, perZ: number, seed: number) {
    await this.whenHeld(key);
    return this.bridge.call((api) => api.mixtureStrip(key, count, perZ, seed));
  }

  async memory(): Promise<number> {
    return this.bridge.call((api) => api.memory());
  }

  /** Test hook: an uncaught error in the worker, as a real crash would be. */
  async debugCrash(): Promise<void> {
    await this.bridge.call((api) => api.debugCrash());
  }
}

export const explorerClient = new ExplorerClient();
