/** A FIFO lock: `acquire()` resolves with the function that lets the next waiter in. */
export interface Mutex {
  acquire(): Promise<() => void>;
  /** How many callers hold or wait for the lock. */
  readonly pending: number;
}

export function createMutex(): Mutex {
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  return {
    get pending() {
      return pending;
    },
    acquire() {
      pending++;
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const ready = tail.then(() => {
        let released = false;
        return () => {
          if (released) return;
          released = true;
          pending--;
          release();
        };
      });
      tail = tail.then(() => held);
      return ready;
    },
  };
}
