import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';

/**
 * Cross-origin isolation lets the tfjs wasm backend use its threaded SIMD
 * build (SharedArrayBuffer). Everything the page loads is same-origin, so
 * requiring CORP costs nothing.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [
    react(),
    // models/ (trained by `npm run train:models`) is served at /models and copied into dist/.
    viteStaticCopy({ structured: true, targets: [{ src: 'models/**/*', dest: '.' }] }),
  ],
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // NO_MINIFY=1 keeps names readable in Chrome profiles and traces.
  build: { target: 'es2022', chunkSizeWarningLimit: 2500, minify: process.env.NO_MINIFY ? false : undefined },
});
