import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** The tfjs backends a person can pick; 'auto' times each and keeps the fastest. */
export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export interface BackendInfo {
  name: BackendName;
  /** WebGL: the GPU's renderer string (unmasked when the browser allows). */
  renderer: string | null;
  /** WebGL rendered on the CPU (SwiftShader, llvmpipe): usually slower than wasm. */
  softwareRendered: boolean;
  /** wasm: threads in use (1 without cross-origin isolation). */
  threads: number | null;
}

// The threaded build hands its pthread workers the Emscripten factory's source
// text (Function.prototype.toString); once bundled and minified that text
// refers to names that only exist in the bundle, and every pthread worker dies
// with "e is not defined". Until that is worked around, wasm runs one thread.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

// The .wasm binaries are bundled by Vite and served from this origin.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
});

interface WebGLBackendLike {
  gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
}

function webglRenderer(): string | null {
  const gl = (tf.backend() as unknown as WebGLBackendLike).gpgpu?.gl;
  if (!gl) return null;
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = debugInfo ? gl.getParameter(debugInfo.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return typeof renderer === 'string' ? renderer : null;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Switches tfjs to `name`; throws with a clear message when the browser lacks it. */
export async function activateBackend(name: BackendName): Promise<BackendInfo> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (err) {
    throw new Error(`The ${name} backend failed to start: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`The ${name} backend is not available in this browser`);
  const renderer = name === 'webgl' ? webglRenderer() : null;
  let threads: number | null = null;
  if (name === 'wasm') threads = getThreadsCount();
  return { name, renderer, softwareRendered: renderer !== null && SOFTWARE_RENDERERS.test(renderer), threads };
}
