/**
 * How this project starts Debian's Chromium (apt-get install chromium), for
 * the end-to-end tests and the benchmark alike: never a downloaded browser.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // WebGL on a machine without a GPU: let ANGLE use SwiftShader (software).
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];
