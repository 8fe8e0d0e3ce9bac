/** The tfjs backends a person can pick (types shared by the worker, the page and the benchmark). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** 'auto': WebGPU on a real GPU, else WebGL on a real GPU, else wasm (activateAutoBackend, worker/backends.ts). */
export type BackendChoice = 'auto' | BackendName;

/**
 * Why Auto passed over a backend: the browser has none ('unavailable'), it runs on the CPU ('software':
 * SwiftShader, llvmpipe, a fallback WebGPU adapter), it failed the float32 check ('precision'), or it
 * failed to start ('failed').
 */
export type SkipReason = 'unavailable' | 'software' | 'precision' | 'failed';

export interface BackendInfo {
  name: BackendName;
  /** WebGL: the GPU's renderer string (unmasked when the browser allows); WebGPU: the adapter's vendor and architecture. */
  renderer: string | null;
  /** WebGL rendered on the CPU (SwiftShader, llvmpipe), or a fallback WebGPU adapter: usually slower than wasm. */
  softwareRendered: boolean;
  /** wasm: threads in use (1 without cross-origin isolation). */
  threads: number | null;
  /** Auto: the backends tried before this one, in order, and why each was passed over. */
  skipped?: Array<{ name: BackendName; reason: SkipReason }>;
}
