import * as tf from '@tensorflow/tfjs-core';
// The workers import tfjs-core and only what they use, not all of @tensorflow/tfjs: the gradients of
// every op (training and the posterior lab's autodiff), and the backends (each registers itself).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import threadedFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedFactorySource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import type { BackendInfo, BackendName } from '../model/training/backend';

export type { BackendInfo, BackendName } from '../model/training/backend';

/**
 * Threaded wasm, bundled. tfjs starts its pthread workers on a Blob holding
 * `var WasmBackendModuleThreadedSimd = ` + factory.toString(). The factory
 * is the inner function of an IIFE that also declares `_scriptDir`; once
 * the bundler has minified it, that text refers to names that exist only in
 * the bundle's scope (the IIFE's variable became `e`, and more), and every
 * pthread worker died with "e is not defined". So the factory's toString
 * gives back the package's own, unminified IIFE (imported as raw text from
 * the same file the bundle was built from): each pthread evaluates exactly
 * what tfjs ships, with its own scope. Without cross-origin isolation
 * (SharedArrayBuffer) tfjs falls back to one thread by itself.
 */
function keepThreadedFactorySource(): void {
  const start = threadedFactorySource.indexOf('(() => {');
  const end = threadedFactorySource.indexOf('})();', start);
  if (start < 0 || end < 0) throw new Error('tfjs-backend-wasm: the threaded factory is not where it was expected');
  const iife = threadedFactorySource.slice(start, end + '})()'.length);
  Object.defineProperty(threadedFactory, 'toString', { value: () => iife });
}
keepThreadedFactorySource();

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

/**
 * Threads the wasm backend should start with (read once: the backend cannot
 * change it later). tfjs's C++ side caps its thread pool at
 * navigator.hardwareConcurrency / 2, taking every core for two hyperthreads;
 * on a machine whose logical cores are real cores (2 vCPUs here) that
 * leaves one thread. The count asked for here is at most the logical cores,
 * so this worker reports twice them to the wasm module, whose cap then lets
 * the requested count through.
 */
export function requestWasmThreads(threads: number): void {
  const count = Math.max(1, Math.min(LOGICAL_CORES, Math.floor(threads)));
  Object.defineProperty(self.navigator, 'hardwareConcurrency', { configurable: true, value: 2 * LOGICAL_CORES });
  setThreadsCount(count);
}

/** The machine's logical cores, read before anything above changes what the worker reports. */
const LOGICAL_CORES = self.navigator.hardwareConcurrency || 1;

/** What a browser's WebGPU says about its adapter (the part of the API used here; no @webgpu/types). */
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
}

/** The WebGPU adapter tfjs would get: null without WebGPU; `fallback` for a software one (SwiftShader). */
async function webgpuAdapter(): Promise<{ fallback: boolean; description: string } | null> {
  const gpu = (self.navigator as Navigator & { gpu?: { requestAdapter(options?: object): Promise<unknown> } }).gpu;
  if (!gpu) return null;
  const adapter = (await gpu
    .requestAdapter({ powerPreference: 'high-performance' })
    .catch(() => null)) as GpuAdapterLike | null;
  if (!adapter) return null;
  const fallback = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  const description = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ') || 'WebGPU adapter';
  return { fallback, description };
}

/** A backend that computes in less than float32 (training there would lose Adam's small steps). */
export class PrecisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrecisionError';
  }
}

/**
 * The float32 check of a GPU backend before it trains: 1 + 2^-22 must stay above 1 (half floats round it
 * away) and a sum of 4,096 small terms must come out within 1e-4 of its value.
 */
async function checkFloat32(name: BackendName): Promise<void> {
  // 4,096 values, not scalars: tfjs hands tensors under 128 values to the CPU. Read back with data():
  // WebGPU has no synchronous read.
  const [a, b] = tf.tidy(() => [
    tf.min(tf.sub(tf.add(tf.ones([4096]), 2 ** -22), 1)),
    tf.sum(tf.mul(tf.linspace(1, 2, 4096), 1e-6)),
  ]);
  const [ulp, sum] = [(await a.data())[0], (await b.data())[0]];
  tf.dispose([a, b]);
  const expected = 4096 * 1.5 * 1e-6;
  if (!(ulp > 0) || !(Math.abs(sum - expected) / expected < 1e-4)) {
    throw new PrecisionError(
      `The ${name} backend does not compute in float32 here (1 + 2^-22 - 1 gave ${ulp}, a sum of 4,096 terms ${sum} ` +
        `for ${expected}): training there would lose Adam's small steps, so it is not used for training`,
    );
  }
}

/**
 * Switches tfjs to `name`; throws with a clear message when the browser
 * lacks it. `forTraining`: WebGL must render float32 textures, or Adam's
 * epsilon (1e-7) underflows to 0 and test-set sums overflow half floats
 * (65,504), so half-float WebGL is refused for training; WebGPU must pass
 * the float32 check. The WebGPU backend is loaded only when it is asked for.
 */
export async function activateBackend(name: BackendName, forTraining = false): Promise<BackendInfo> {
  let ok: boolean;
  let adapter: Awaited<ReturnType<typeof webgpuAdapter>> = null;
  try {
    if (name === 'webgpu') {
      adapter = await webgpuAdapter();
      if (!adapter) throw new Error('this browser has no WebGPU adapter');
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (err) {
    throw new Error(`The ${name} backend failed to start: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`The ${name} backend is not available in this browser`);
  if (name === 'webgl' && forTraining && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
    throw new PrecisionError(
      'This GPU renders only half-precision (float16) textures under WebGL: training there would lose Adam’s ' +
        'small steps and overflow the test-set sums, so WebGL is not used for training',
    );
  }
  if (name === 'webgpu' && forTraining) await checkFloat32(name);
  const renderer = name === 'webgl' ? webglRenderer() : (adapter?.description ?? null);
  const threads = name === 'wasm' ? getThreadsCount() : null;
  const softwareRendered =
    name === 'webgpu' ? (adapter?.fallback ?? false) : renderer !== null && SOFTWARE_RENDERERS.test(renderer);
  return { name, renderer, softwareRendered, threads };
}

/**
 * "Auto": WebGPU on a real (non-fallback) adapter that passes the float32
 * check, then WebGL on a real GPU that renders float32, then wasm (where
 * both GPU backends are software-rendered, slower than wasm, or missing).
 * Leaves the chosen backend active and says what it passed over and why.
 */
export async function activateAutoBackend(): Promise<BackendInfo> {
  const skipped: NonNullable<BackendInfo['skipped']> = [];
  const reasonOf = (err: unknown) => (err instanceof PrecisionError ? 'precision' : 'failed');
  const adapter = await webgpuAdapter();
  if (!adapter) skipped.push({ name: 'webgpu', reason: 'unavailable' });
  else if (adapter.fallback) skipped.push({ name: 'webgpu', reason: 'software' });
  else {
    try {
      return { ...(await activateBackend('webgpu', true)), skipped };
    } catch (err) {
      skipped.push({ name: 'webgpu', reason: reasonOf(err) });
    }
  }
  try {
    const webgl = await activateBackend('webgl', true);
    if (!webgl.softwareRendered) return { ...webgl, skipped };
    skipped.push({ name: 'webgl', reason: 'software' });
  } catch (err) {
    skipped.push({ name: 'webgl', reason: reasonOf(err) });
  }
  return { ...(await activateBackend('wasm', true)), skipped };
}

/**
 * For a test: makes WebGL render half floats only, as some mobile GPUs do. tfjs evaluates
 * WEBGL_RENDER_FLOAT32_ENABLED once and caches it (Auto already probed WebGL at start), so the flag
 * is set to what such a GPU reports, beside forcing the half-float textures themselves.
 */
export function forceHalfFloatWebGL(): void {
  tf.env().set('WEBGL_FORCE_F16_TEXTURES', true);
  tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', false);
}
