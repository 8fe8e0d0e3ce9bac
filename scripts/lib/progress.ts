/** A one-line progress bar with rate and ETA; on a non-TTY it prints a line every 5%. */
export class ProgressBar {
  private readonly start = performance.now();
  private lastPrintedPercent = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit = 'steps',
  ) {}

  update(done: number, extra = ''): void {
    const fraction = Math.min(1, done / this.total);
    const elapsed = (performance.now() - this.start) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? (this.total - done) / rate : Infinity;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ${done}/${this.total} ${this.unit}, ${rate.toFixed(1)} ${this.unit}/s, elapsed ${formatDuration(elapsed)}, ETA ${formatDuration(eta)} ${extra}`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${line.padEnd(process.stdout.columns ? process.stdout.columns - 1 : 0)}`);
      if (done >= this.total) process.stdout.write('\n');
    } else {
      const percent = Math.floor(fraction * 20) * 5;
      if (percent !== this.lastPrintedPercent || done >= this.total) {
        this.lastPrintedPercent = percent;
        console.log(line);
      }
    }
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}
