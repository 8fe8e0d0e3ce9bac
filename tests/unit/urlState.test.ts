import { describe, expect, it } from 'vitest';
import { explorerStore } from '../../src/state/explorerStore';
import { setPoint, setProjection } from '../../src/state/slots';
import { applyUrlViewState, formatUrlState, parseUrlState } from '../../src/state/urlState';

describe('the URL state', () => {
  it('round-trips the view through the hash', () => {
    explorerStore.set({
      view: 'left',
      sigmaScale: 2,
      showEllipses: false,
      showPrior: true,
      hiddenDigits: [7, 3],
      selectedDigit: 42,
    });
    setPoint('left', [0.5, -1.25]);
    setProjection('right', { mode: 'pca' });
    const hash = formatUrlState();
    expect(hash).toBe('#view=left&zleft=0.5,-1.25&projright=pca&digit=42&sigma=2&ellipses=0&hide=3,7');
    const parsed = parseUrlState(hash);
    expect(parsed).toMatchObject({
      view: 'left',
      points: { left: [0.5, -1.25] },
      projections: { right: { mode: 'pca' } },
      digit: 42,
      sigma: 2,
      ellipses: false,
      hide: [3, 7],
    });
    explorerStore.set({ view: 'both', sigmaScale: 1, showEllipses: true, hiddenDigits: [], selectedDigit: null });
    applyUrlViewState(parsed);
    expect(explorerStore.get()).toMatchObject({
      view: 'left',
      sigmaScale: 2,
      showEllipses: false,
      hiddenDigits: [3, 7],
    });
  });

  it('reads the links made before the model families (vae and ae for the left and right slots)', () => {
    const parsed = parseUrlState('#view=vae&vae=shipped/vae-20d&zae=1,2&projvae=0,4');
    expect(parsed).toMatchObject({
      view: 'left',
      models: { left: 'shipped/vae-20d' },
      points: { right: [1, 2] },
      projections: { left: { mode: 'dims', dims: [0, 4] } },
    });
  });

  it('ignores values that do not parse, keeping the defaults', () => {
    const parsed = parseUrlState('#view=sideways&left=http://x&zleft=1,a&digit=12345&sigma=3&hide=2,11');
    expect(parsed.view).toBeUndefined();
    expect(parsed.models.left).toBeUndefined();
    expect(parsed.points.left).toBeUndefined();
    expect(parsed.digit).toBeUndefined();
    expect(parsed.sigma).toBeUndefined();
    expect(parsed.hide).toEqual([2]);
  });
});
