import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendInfo, BackendName } from '../model/training/backend';

export type { BackendInfo, BackendName } from '../model/training/backend';

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

export function webglContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as WebGLBackendLike).gpgpu?.gl ?? null;
}

function webglRenderer(): string | null {
  const gl = webglContext();
  if (!gl) return null;
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = debugInfo ? gl.getParameter(debugInfo.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return typeof renderer === 'string' ? renderer : null;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Threads the wasm backend should start with (read once: the backend cannot change it later). */
export function requestWasmThreads(threads: number): void {
  setThreadsCount(Math.max(1, Math.floor(threads)));
}

/**
 * Switches tfjs to `name`; throws with a clear message when the browser
 * lacks it. `forTraining`: WebGL must render float32 textures, or Adam's
 * epsilon (1e-7) underflows to 0 and test-set sums overflow half floats
 * (65,504), so half-float WebGL is refused for training.
 */
export async function activateBackend(name: BackendName, forTraining = false): Promise<BackendInfo> {
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
  if (name === 'webgl' && forTraining && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
    throw new Error(
      'This GPU renders only half-precision (float16) textures under WebGL: training there would lose Adam’s ' +
        'small steps and overflow the test-set sums, so WebGL is not used for training',
    );
  }
  const renderer = name === 'webgl' ? webglRenderer() : null;
  const threads = name === 'wasm' ? getThreadsCount() : null;
  return { name, renderer, softwareRendered: renderer !== null && SOFTWARE_RENDERERS.test(renderer), threads };
}

/**
 * "Auto": WebGL on a real GPU that renders float32, wasm where WebGL is
 * software-rendered (SwiftShader, llvmpipe: slower than wasm), half-float or
 * missing. Leaves the chosen backend active.
 */
export async function activateAutoBackend(): Promise<BackendInfo> {
  try {
    const webgl = await activateBackend('webgl', true);
    if (!webgl.softwareRendered) return webgl;
  } catch {
    // No usable WebGL: wasm below.
  }
  return activateBackend('wasm', true);
}

/** For a test: makes WebGL render half floats only, as some mobile GPUs do. */
export function forceHalfFloatWebGL(): void {
  tf.env().set('WEBGL_FORCE_F16_TEXTURES', true);
}
