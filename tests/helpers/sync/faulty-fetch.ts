/** A small seeded generator (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const FAULTS = [
  /** The request never reaches the server. */
  'drop',
  /** The server does the work; the answer is lost (the client must retry the same batch). */
  'lose-answer',
  /** The client gives up waiting while the request goes on at the server. */
  'timeout',
  /** A 500 without reaching the server, or after the server did the work. */
  'error-before',
  'error-after',
  /** The request reaches the server twice at once. */
  'duplicate',
  /** A copy of the request reaches the server again later, after newer requests (reordering). */
  'replay-later',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultyFetch {
  fetch: typeof fetch;
  enabled: boolean;
  counts: Record<Fault, number>;
  /** Sends the held-back copies now, in random order. */
  replayHeld(): Promise<void>;
  /** Waits for every request still running at the server (abandoned by the client). */
  settle(): Promise<void>;
}

function internalError(): Response {
  return new Response(JSON.stringify({ error: { code: 'INTERNAL', message: 'injected' } }), {
    status: 500,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * Faults at the transport boundary (SYNC-PROTOCOL.md §12) around a real fetch: each request
 * meets a fault with probability `rate`. Pairing and the final drain run with `enabled` off.
 */
export function createFaultyFetch(
  real: typeof fetch,
  random: () => number,
  rate: number,
): FaultyFetch {
  const background = new Set<Promise<unknown>>();
  const held: { input: Parameters<typeof fetch>[0]; init: RequestInit | undefined }[] = [];
  const counts = Object.fromEntries(FAULTS.map((fault) => [fault, 0])) as Record<Fault, number>;

  function inBackground(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => background.delete(tracked));
    background.add(tracked);
  }
  // The client's abort must not cancel what the "network" already delivered.
  const detached = (init: RequestInit | undefined): RequestInit => ({ ...init, signal: null });

  const faulty: FaultyFetch = {
    enabled: true,
    counts,
    async fetch(input, init) {
      if (!faulty.enabled || random() >= rate) return real(input, init);
      const fault = FAULTS[Math.floor(random() * FAULTS.length)] ?? 'drop';
      counts[fault]++;
      switch (fault) {
        case 'drop':
          throw new TypeError('fetch failed (injected: dropped)');
        case 'lose-answer':
          await real(input, detached(init)).then((response) => response.arrayBuffer());
          throw new TypeError('fetch failed (injected: answer lost)');
        case 'timeout':
          inBackground(real(input, detached(init)).then((response) => response.arrayBuffer()));
          throw new TypeError('fetch failed (injected: gave up waiting)');
        case 'error-before':
          return internalError();
        case 'error-after':
          await real(input, detached(init)).then((response) => response.arrayBuffer());
          return internalError();
        case 'duplicate': {
          const [first] = await Promise.all([
            real(input, init),
            real(input, detached(init)).then((r) => r.arrayBuffer()),
          ]);
          return first;
        }
        case 'replay-later':
          held.push({ input, init: detached(init) });
          return real(input, init);
      }
    },
    async replayHeld() {
      const batch = held.splice(0, held.length).sort(() => random() - 0.5);
      await Promise.all(
        batch.map(({ input, init }) =>
          real(input, init)
            .then((r) => r.arrayBuffer())
            .catch(() => undefined),
        ),
      );
    },
    async settle() {
      while (background.size > 0) await Promise.all([...background]);
    },
  };
  return faulty;
}
