import type { SamplerMessage } from '../sampler-messages';

export interface Batcher {
  add(message: SamplerMessage): void;
  /** While live, every message is posted as soon as it comes (and what waited goes first). */
  setLive(live: boolean): void;
  /** Posts what waits, followed by `{ type: 'flushed' }` (see samplerBatchSchema). */
  flush(): void;
}

/**
 * Gathers the sampler's messages into batches of `batchSamples` samples, so that the app's
 * process is woken once per batch rather than once per second while nobody watches live. Any
 * other message (slow metrics, top processes, probe states) is rare and goes at once, with the
 * samples that waited before it, so the order is kept.
 */
export function createBatcher(options: {
  batchSamples: number;
  post(batch: (SamplerMessage | { type: 'flushed' })[]): void;
}): Batcher {
  let queue: SamplerMessage[] = [];
  let live = false;

  function flush(): void {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    options.post(batch);
  }

  return {
    add(message) {
      queue.push(message);
      if (live || message.type !== 'sample' || queue.length >= options.batchSamples) flush();
    },
    setLive(wanted) {
      live = wanted;
      if (live) flush();
    },
    flush() {
      const batch = queue;
      queue = [];
      options.post([...batch, { type: 'flushed' }]);
    },
  };
}
