/** English messages: the page's frame (header, status lines, panels' error boundary, language). */
export const app = {
  title: 'Latent Explorer',
  tagline: 'What a variational autoencoder learns, on real MNIST, in your browser.',
  language: 'Language',
  dataset: {
    name: 'Dataset',
    loading: 'Loading {{name}}…',
    loaded: '{{name}} loaded: {{train}} training / {{test}} test digits ({{ms}} ms)',
    loadedItems: '{{name}} loaded: {{train}} training / {{test}} test images ({{ms}} ms)',
    failed: '{{name}} could not be loaded: {{reason}}',
  },
  datasetSwitch: {
    label: 'Dataset',
    checking: 'Checking the {{name}} files…',
    refused: '{{name}} was not opened, the page keeps what it shows: {{reason}}',
    confirmTraining:
      'A model is training in this page. Switching to {{name}} reloads the page, and a run that is not saved is lost. Switch?',
  },
  backend: {
    name: 'Active backend',
    starting: 'Starting TensorFlow.js…',
    startingOne: 'Starting {{backend}}…',
    startingAny: 'Starting a backend…',
    ready: 'Backend: {{name}}',
    renderer: ' ({{renderer}})',
    threads: ' ({{count}} threads)',
    oneThread: ' (1 thread)',
    notIsolated:
      'One WebAssembly thread only: this page is not cross-origin isolated, so it cannot share memory with threads. Serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (see the README).',
    softwareWebgl:
      'WebGL is software-rendered here (no GPU), so it is slower than WebAssembly: choose wasm or Auto in the training settings.',
    softwareWebgpu:
      'This WebGPU adapter is a software fallback (no GPU), so it is slower than WebAssembly: choose wasm or Auto in the training settings.',
    autoSkipped: ' · Auto passed over {{list}}',
    skip: {
      unavailable: '{{name}} (not in this browser)',
      software: '{{name}} (software-rendered, no GPU)',
      precision: '{{name}} (not float32)',
      failed: '{{name}} (failed to start)',
    },
  },
  panelError: {
    stopped: '{{name}} stopped with an error: {{message}}',
    again: 'Show {{name}} again',
  },
  panels: {
    explorer: 'The explorer',
    lab: 'The posterior lab',
    hidden: 'The hidden half',
    anomaly: 'The odd one out',
    mixtures: 'The mixtures panel',
    training: 'The training panel',
    map: 'The {{label}} map',
    sliders: 'The sliders',
    interpolation: 'Interpolation',
    drawPad: 'The drawing pad',
    priorSamples: 'The prior samples',
    tour: 'The guided tour',
    reparam: 'The reparameterisation trick',
  },
  explorerNotice: {
    crashed: 'The explorer worker stopped unexpectedly ({{message}}).',
    restarting: '{{what}} Restarting it…',
    restoredOne: '{{what}} It was restarted and the model shown was reloaded from the page; nothing was lost.',
    restoredMany:
      '{{what}} It was restarted and the {{count}} models shown were reloaded from the page; nothing was lost.',
    failed: '{{what}} Restarting it failed too: {{reason}}',
  },
  number: {
    none: '–',
  },
  chart: {
    numbers: 'The numbers ({{unit}})',
    data: '{{label}}: data',
  },
} as const;
