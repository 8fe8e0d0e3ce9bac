import { afterEach, describe, expect, it } from 'vitest';
import { scheduleHeavyDraw } from '../../src/viz/frameQueue';

/** Animation frames by hand: each call of frame() runs the callbacks asked for before it. */
function fakeFrames() {
  let pending: FrameRequestCallback[] = [];
  globalThis.requestAnimationFrame = (cb: FrameRequestCallback) => {
    pending.push(cb);
    return pending.length;
  };
  return {
    frame() {
      const now = pending;
      pending = [];
      for (const cb of now) cb(0);
    },
    pending: () => pending.length,
  };
}

const saved = globalThis.requestAnimationFrame;
afterEach(() => {
  globalThis.requestAnimationFrame = saved;
});

describe('heavy draws, one per animation frame', () => {
  it('runs two draws asked for at once in two frames, in order', () => {
    const frames = fakeFrames();
    const ran: string[] = [];
    scheduleHeavyDraw(() => ran.push('left'));
    scheduleHeavyDraw(() => ran.push('right'));
    expect(ran).toEqual([]);
    frames.frame();
    expect(ran).toEqual(['left']);
    frames.frame();
    expect(ran).toEqual(['left', 'right']);
    frames.frame();
    expect(frames.pending()).toBe(0);
  });

  it('skips a cancelled draw without spending a frame on it, and stops asking for frames when done', () => {
    const frames = fakeFrames();
    const ran: string[] = [];
    const cancel = scheduleHeavyDraw(() => ran.push('stale'));
    scheduleHeavyDraw(() => ran.push('fresh'));
    cancel();
    frames.frame();
    expect(ran).toEqual(['fresh']);
    expect(frames.pending()).toBe(0);
    // A draw asked for from inside a draw waits for the next frame.
    scheduleHeavyDraw(() => {
      ran.push('outer');
      scheduleHeavyDraw(() => ran.push('inner'));
    });
    frames.frame();
    expect(ran).toEqual(['fresh', 'outer']);
    frames.frame();
    expect(ran).toEqual(['fresh', 'outer', 'inner']);
  });
});
