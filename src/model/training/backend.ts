/** The tfjs backends a person can pick (types shared by the worker, the page and the benchmark). */
export type BackendName = 'webgl' | 'wasm' | 'cpu';
/** 'auto': WebGL on a real GPU, wasm where WebGL is software-rendered. */
export type BackendChoice = 'auto' | BackendName;

export interface BackendInfo {
  name: BackendName;
  /** WebGL: the GPU's renderer string (unmasked when the browser allows). */
  renderer: string | null;
  /** WebGL rendered on the CPU (SwiftShader, llvmpipe): usually slower than wasm. */
  softwareRendered: boolean;
  /** wasm: threads in use (1 without cross-origin isolation). */
  threads: number | null;
}
