import * as Comlink from 'comlink';

/**
 * Owns one module worker: starts it, hands out its typed comlink API, and
 * terminates or restarts it. React code never touches a Worker directly.
 */
export class WorkerBridge<Api> {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<Api> | null = null;
  private readonly crashListeners = new Set<(message: string) => void>();

  constructor(
    private readonly create: () => Worker,
    private readonly name: string,
  ) {}

  /** The worker's API, starting the worker on first use. */
  get api(): Comlink.Remote<Api> {
    if (!this.remote) {
      const worker = this.create();
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.reportCrash(event.message || `the ${this.name} worker stopped with an error`);
      });
      worker.addEventListener('messageerror', () =>
        this.reportCrash(`the ${this.name} worker sent a message that could not be read`),
      );
      this.worker = worker;
      this.remote = Comlink.wrap<Api>(worker);
    }
    return this.remote;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** Called when the worker dies unexpectedly (an uncaught error, out of memory). */
  onCrash(listener: (message: string) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Stops the worker at once (aborting whatever it was doing); the next `api` starts a fresh one. */
  terminate(): void {
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }

  private reportCrash(message: string): void {
    this.terminate();
    for (const listener of this.crashListeners) listener(message);
  }
}
