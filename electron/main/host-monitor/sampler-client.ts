import type { Logger } from '../services/logger';
import type { Clock } from './clock';
import type { SamplerLauncher, SamplerProcess } from './launch-sampler';
import type { SamplerControl, SamplerMessage, SamplerSettings } from './sampler-messages';
import { samplerBatchSchema } from './sampler-messages';

/** How long closing waits for the samples the sampler holds back: never long enough to notice. */
const FLUSH_WAIT_MS = 500;

export type SamplerState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface SamplerClient {
  readonly state: SamplerState;
  setProcessesWanted(wanted: boolean): void;
  /** While a live view is open, every sample comes as soon as it is read (see batchSamples). */
  setLiveWanted(wanted: boolean): void;
  close(): Promise<void>;
}

export interface SamplerClientOptions {
  launch: SamplerLauncher;
  settings: SamplerSettings;
  logger: Logger;
  clock: Clock;
  onMessage(message: SamplerMessage): void;
  /** Longest wait between two restarts of a sampler that keeps failing. */
  maxRestartDelayMs?: number;
  /**
   * A sampler that posts nothing for this long is hung (a read that never returns blocks it,
   * where no timeout can fire): its process is ended and started again.
   */
  watchdogMs?: number;
}

/**
 * The app's end of the sampler: starts its process, parses what it posts, and restarts it (with
 * a growing delay) if it crashes or hangs, so one bad reading can never end monitoring for good.
 */
export function startSamplerClient(options: SamplerClientOptions): SamplerClient {
  const { logger, clock } = options;
  const maxDelay = options.maxRestartDelayMs ?? 60_000;
  let state: SamplerState = 'starting';
  let sampler: SamplerProcess | null = null;
  let processesWanted = false;
  let liveWanted = false;
  let restartDelay = 1000;
  let restartTimer: unknown;
  let warnedMalformed = false;
  const batchMs = (options.settings.batchSamples ?? 1) * options.settings.fastIntervalMs;
  const watchdogMs =
    options.watchdogMs ?? Math.max(30_000, 10 * options.settings.fastIntervalMs, 3 * batchMs);
  let lastHeard = clock.monotonic();
  let watchdogTimer: unknown;

  // Checked a few times per period rather than re-armed on every message: this runs all day.
  function watch(): void {
    watchdogTimer = clock.setTimeout(() => {
      const current = sampler;
      if (current && clock.monotonic() - lastHeard > watchdogMs) {
        scheduleRestart(
          'The host sampler stopped answering; restarting it',
          `silent ${watchdogMs} ms`,
        );
        void current.terminate();
      }
      if (state !== 'stopped') watch();
    }, watchdogMs / 3);
  }

  let onFlushed: (() => void) | null = null;
  /**
   * Asks the sampler for the samples it holds back (see batchSamples), so closing the app keeps
   * every sample taken; waits for them at most FLUSH_WAIT_MS of real time.
   */
  function flushed(current: SamplerProcess): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, FLUSH_WAIT_MS);
      function done(): void {
        clearTimeout(timer);
        onFlushed = null;
        resolve();
      }
      onFlushed = done;
      current.postMessage({ type: 'flush' });
    });
  }

  function send(control: SamplerControl): void {
    sampler?.postMessage(control);
  }

  function scheduleRestart(message: string, reason: string): void {
    sampler = null;
    state = 'restarting';
    logger.error(message, { reason, restartInMs: restartDelay });
    restartTimer = clock.setTimeout(spawn, restartDelay);
    restartDelay = Math.min(maxDelay, restartDelay * 2);
  }

  function onExit(current: SamplerProcess, reason: string): void {
    if (sampler === current) onFlushed?.();
    if (sampler !== current || state === 'stopped') return;
    scheduleRestart('The host sampler stopped; restarting it', reason);
  }

  function spawn(): void {
    if (state === 'stopped') return;
    let current: SamplerProcess;
    try {
      current = options.launch(options.settings);
    } catch (error) {
      scheduleRestart('The host sampler could not start', String(error));
      return;
    }
    sampler = current;
    lastHeard = clock.monotonic();
    // The app decides when the process ends, never its background sampler.
    current.unref();
    current.on('message', (raw) => {
      if (sampler !== current) return;
      lastHeard = clock.monotonic();
      const parsed = samplerBatchSchema.safeParse(raw);
      if (!parsed.success) {
        if (!warnedMalformed) logger.warn('The host sampler sent a malformed message; dropped');
        warnedMalformed = true;
        return;
      }
      for (const message of parsed.data) {
        if (message.type === 'flushed') {
          onFlushed?.();
          continue;
        }
        if (message.type === 'sample' && state !== 'stopped') {
          state = 'running';
          restartDelay = 1000;
        }
        options.onMessage(message);
      }
    });
    current.on('error', (error) => onExit(current, error.message));
    current.on('exit', (code) => onExit(current, `exit code ${code}`));
    if (processesWanted) send({ type: 'processes', wanted: true });
    if (liveWanted) send({ type: 'live', wanted: true });
  }

  spawn();
  watch();

  return {
    get state() {
      return state;
    },
    setProcessesWanted(wanted) {
      processesWanted = wanted;
      send({ type: 'processes', wanted });
    },
    setLiveWanted(wanted) {
      liveWanted = wanted;
      send({ type: 'live', wanted });
    },
    async close() {
      state = 'stopped';
      clock.clearTimeout(restartTimer);
      clock.clearTimeout(watchdogTimer);
      const current = sampler;
      if (current) await flushed(current);
      sampler = null;
      await current?.terminate();
    },
  };
}
