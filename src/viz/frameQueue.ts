/**
 * Heavy canvas draws (a latent map's 10,000 points and ellipses), at most
 * one per animation frame. Every callback of requestAnimationFrame runs in
 * the same main-thread task as the frame's style, layout and paint, so two
 * maps drawn in one frame (the view switching to "both", two models
 * arriving) made one task of both draws; queued here, each draw gets a
 * frame of its own, in the order asked, and the page keeps answering
 * between them.
 */
interface Job {
  run: () => void;
  cancelled: boolean;
}

const queue: Job[] = [];
let scheduled = false;

function tick(): void {
  scheduled = false;
  let job = queue.shift();
  while (job?.cancelled) job = queue.shift();
  job?.run();
  if (queue.some((j) => !j.cancelled)) schedule();
  else queue.length = 0;
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(tick);
}

/** Queues a draw for a coming animation frame; returns the function that cancels it (if not yet run). */
export function scheduleHeavyDraw(run: () => void): () => void {
  const job: Job = { run, cancelled: false };
  queue.push(job);
  schedule();
  return () => {
    job.cancelled = true;
  };
}
