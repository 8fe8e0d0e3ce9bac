import { describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../scripts/lib/node-tf';
import { REFERENCE_VAE_CONFIG } from '../../src/model/config';
import { disposeParams, initParams } from '../../src/model/params';

/**
 * The shipped models are reproducible from their seed (`npm run train:models`): initParams must draw the
 * same weights for a config as when they were trained. Each layer takes the next seed of config.seed's
 * stream, the extras first, then encoder, heads and decoder; these are the first kernel entries the
 * code of 2026-12-04 (b1216ea, before the conv layers) drew for the reference VAE with a mixture prior.
 */
describe('initial weights', () => {
  it("are the ones the shipped models were trained from (the seed stream's order is kept)", async () => {
    await initNodeBackend('cpu');
    const params = initParams({ ...REFERENCE_VAE_CONFIG, prior: { kind: 'mog', components: 3 } });
    const layers = [...params.encoder, ...params.heads, ...params.decoder];
    const first = layers.map((l) => l.kernel.dataSync()[0]);
    const expected = [-0.04012446, -0.01609168, -0.0262222, -0.1311146, -0.04328123, -0.03291689, 0.0226256];
    first.forEach((v, i) => expect(v, `layer ${i + 1}`).toBeCloseTo(expected[i], 7));
    expect([...params.extras.values()].map((v) => v.dataSync()[0])[1]).toBeCloseTo(0.3841339, 6);
    disposeParams(params);
  });
});
