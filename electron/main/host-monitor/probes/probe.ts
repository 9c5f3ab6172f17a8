import type { ProbeName, ProbeStatus } from '@shared/contract/host-metrics';
import type { Clock } from '../clock';

/** One source of one metric, and the platforms it works on. */
export interface Probe<T> {
  readonly name: ProbeName;
  /** What it reads, shown to the user when it is unavailable: "/proc/stat", "systeminformation.fsSize". */
  readonly source: string;
  readonly platforms: readonly NodeJS.Platform[];
  /** The reading, or null while a rate has no earlier reading to compare with. */
  read(): Promise<T | null>;
  /**
   * The same reading, synchronously, for probes that only read kernel files (procfs): the
   * sampler then takes them inline, without a promise or a timeout timer every second.
   */
  readSync?: () => T | null;
}

/** A probe whose reading is synchronous; `read` gives the same reading as a promise. */
export function syncProbe<T>(
  probe: Omit<Probe<T>, 'read' | 'readSync'> & { readSync: () => T | null },
): Probe<T> {
  const { readSync } = probe;
  return { ...probe, readSync, read: () => Promise.resolve().then(readSync) };
}

/** Of the probes for one metric, the first that declares this platform. */
export function pickProbe<T>(
  name: ProbeName,
  candidates: readonly Probe<T>[],
  platform: NodeJS.Platform,
): Probe<T> {
  const supported = candidates.find((probe) => probe.platforms.includes(platform));
  if (supported) return supported;
  return {
    name,
    source: candidates.map((probe) => probe.source).join(', ') || 'none',
    platforms: [...new Set(candidates.flatMap((probe) => probe.platforms))],
    read: () => Promise.resolve(null),
  };
}

export interface ProbeRunner<T> {
  readonly name: ProbeName;
  /**
   * The reading, or null when the probe failed, hung, is unsupported or is still priming.
   * Probes read together can share one `deadline` (see startDeadline) instead of a timer each.
   */
  run(deadline?: Promise<'timeout'>): Promise<T | null>;
  /** Present when the probe reads synchronously (see Probe.readSync): the reading, or null. */
  runSync?: () => T | null;
  status(): ProbeStatus;
  /** Goes up whenever the status changes: comparing it is cheaper than building the status. */
  readonly revision: number;
}

/** A promise that resolves 'timeout' after `ms`, and the way to cancel it. */
export function startDeadline(
  clock: Clock,
  ms: number,
): { expired: Promise<'timeout'>; cancel(): void } {
  let timer: unknown;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = clock.setTimeout(() => resolve('timeout'), ms);
  });
  return { expired, cancel: () => clock.clearTimeout(timer) };
}

/**
 * Runs a probe so that it can never take the others down: a throw or a hang (past the timeout)
 * makes it `unavailable` and returns null; while a hung call is still pending it is not called
 * again, so hung calls never pile up. A probe for another platform is never called.
 */
export function createProbeRunner<T>(
  probe: Probe<T>,
  options: { platform: NodeJS.Platform; timeoutMs: number; clock: Clock },
): ProbeRunner<T> {
  const supported = probe.platforms.includes(options.platform);
  let state: ProbeStatus['state'] = supported ? 'ok' : 'unsupported';
  let reason: string | null = supported ? null : `Not available on ${options.platform}`;
  let pending = false;

  let revision = 0;
  function unavailable(why: string): null {
    const next = why.slice(0, 500);
    if (state !== 'unavailable' || reason !== next) revision++;
    state = 'unavailable';
    reason = next;
    return null;
  }
  function available<V>(value: V): V {
    if (state !== 'ok') revision++;
    state = 'ok';
    reason = null;
    return value;
  }
  const { readSync } = probe;

  return {
    name: probe.name,
    ...(readSync && {
      runSync() {
        if (!supported) return null;
        try {
          return available(readSync());
        } catch (error) {
          return unavailable(error instanceof Error ? error.message : String(error));
        }
      },
    }),
    async run(deadline) {
      if (!supported) return null;
      if (pending) return unavailable('The previous reading has not answered yet');
      pending = true;
      const own = deadline ? null : startDeadline(options.clock, options.timeoutMs);
      const timeout = deadline ?? own?.expired ?? Promise.resolve('timeout' as const);
      // Through a promise, so a probe that throws before returning one is caught like the rest.
      const reading = Promise.resolve()
        .then(() => probe.read())
        .finally(() => {
          pending = false;
        });
      try {
        const outcome = await Promise.race([reading, timeout]);
        if (outcome === 'timeout') {
          // The reading goes on in the background; a late answer is dropped.
          reading.catch(() => undefined);
          return unavailable(`No answer within ${options.timeoutMs} ms`);
        }
        return available(outcome);
      } catch (error) {
        return unavailable(error instanceof Error ? error.message : String(error));
      } finally {
        own?.cancel();
      }
    },
    status: () => ({
      name: probe.name,
      source: probe.source,
      platforms: [...probe.platforms],
      state,
      reason,
    }),
    get revision() {
      return revision;
    },
  };
}
