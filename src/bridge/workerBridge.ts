import * as Comlink from 'comlink';

/**
 * Owns one module worker: starts it, hands out its typed comlink API, and
 * terminates or restarts it. React code never touches a Worker directly.
 *
 * Calls go through call(): when the worker dies (an uncaught error, out of
 * memory) or is terminated, every call still waiting rejects with the
 * reason, instead of hanging for ever as a bare comlink call would.
 */
/** Why a call got no answer: the worker crashed (`crashed`), or the page stopped it on purpose. */
export class WorkerStopped extends Error {
  constructor(
    message: string,
    readonly crashed: boolean,
  ) {
    super(message);
    this.name = 'WorkerStopped';
  }
}

export class WorkerBridge<Api> {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<Api> | null = null;
  /** Rejects when the current worker stops; every pending call races it. */
  private stopped: { promise: Promise<never>; reject: (err: Error) => void } | null = null;
  private readonly crashListeners = new Set<(message: string) => void>();

  constructor(
    private readonly create: () => Worker,
    private readonly name: string,
  ) {}

  /** The worker's API, starting the worker on first use. Prefer call(). */
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
      let reject: (err: Error) => void = () => {};
      const promise = new Promise<never>((_, r) => {
        reject = r;
      });
      promise.catch(() => undefined); // nobody may be waiting
      this.stopped = { promise, reject };
      this.worker = worker;
      this.remote = Comlink.wrap<Api>(worker);
    }
    return this.remote;
  }

  /** Calls the worker; rejects if the worker dies or is stopped before it answers. */
  call<T>(fn: (api: Comlink.Remote<Api>) => Promise<T> | T): Promise<T> {
    const api = this.api;
    const stopped = this.stopped!.promise;
    return Promise.race([Promise.resolve(fn(api)), stopped]);
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** Called when the worker dies unexpectedly (an uncaught error, out of memory). */
  onCrash(listener: (message: string) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Stops the worker at once (aborting whatever it was doing); the next call starts a fresh one. */
  terminate(reason = `the ${this.name} worker was restarted`, crashed = false): void {
    this.stopped?.reject(new WorkerStopped(reason, crashed));
    this.stopped = null;
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }

  private reportCrash(message: string): void {
    this.terminate(`the ${this.name} worker stopped unexpectedly (${message})`, true);
    for (const listener of this.crashListeners) listener(message);
  }
}
