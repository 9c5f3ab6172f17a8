import type { Logger } from '../services/logger';
import type { Clock } from './clock';
import type { SamplerWorkerFactory, WorkerLike } from './launch-worker';
import type { SamplerControl, SamplerMessage, SamplerSettings } from './sampler-messages';
import { samplerMessageSchema } from './sampler-messages';

export type SamplerState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface SamplerClient {
  readonly state: SamplerState;
  setProcessesWanted(wanted: boolean): void;
  close(): Promise<void>;
}

export interface SamplerClientOptions {
  launch: SamplerWorkerFactory;
  settings: SamplerSettings;
  logger: Logger;
  clock: Clock;
  onMessage(message: SamplerMessage): void;
  /** Longest wait between two restarts of a worker that keeps failing. */
  maxRestartDelayMs?: number;
  /**
   * A worker that posts nothing for this long is hung (a read that never returns blocks its
   * thread, where no timeout can fire): it is ended and started again.
   */
  watchdogMs?: number;
}

/**
 * The main thread's end of the sampler: starts the worker, parses what it posts, and restarts it
 * (with a growing delay) if it crashes or hangs, so one bad reading can never end monitoring
 * for good.
 */
export function startSamplerClient(options: SamplerClientOptions): SamplerClient {
  const { logger, clock } = options;
  const maxDelay = options.maxRestartDelayMs ?? 60_000;
  let state: SamplerState = 'starting';
  let worker: WorkerLike | null = null;
  let processesWanted = false;
  let restartDelay = 1000;
  let restartTimer: unknown;
  let warnedMalformed = false;
  const watchdogMs = options.watchdogMs ?? Math.max(30_000, 10 * options.settings.fastIntervalMs);
  let lastHeard = clock.monotonic();
  let watchdogTimer: unknown;

  // Checked a few times per period rather than re-armed on every message: this runs all day.
  function watch(): void {
    watchdogTimer = clock.setTimeout(() => {
      const current = worker;
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

  function send(control: SamplerControl): void {
    worker?.postMessage(control);
  }

  function scheduleRestart(message: string, reason: string): void {
    worker = null;
    state = 'restarting';
    logger.error(message, { reason, restartInMs: restartDelay });
    restartTimer = clock.setTimeout(spawn, restartDelay);
    restartDelay = Math.min(maxDelay, restartDelay * 2);
  }

  function onExit(current: WorkerLike, reason: string): void {
    if (worker !== current || state === 'stopped') return;
    scheduleRestart('The host sampler stopped; restarting it', reason);
  }

  function spawn(): void {
    if (state === 'stopped') return;
    let current: WorkerLike;
    try {
      current = options.launch(options.settings);
    } catch (error) {
      scheduleRestart('The host sampler could not start', String(error));
      return;
    }
    worker = current;
    lastHeard = clock.monotonic();
    // The app decides when the process ends, never its background sampler.
    current.unref();
    current.on('message', (raw) => {
      if (worker !== current) return;
      lastHeard = clock.monotonic();
      const parsed = samplerMessageSchema.safeParse(raw);
      if (!parsed.success) {
        if (!warnedMalformed) logger.warn('The host sampler sent a malformed message; dropped');
        warnedMalformed = true;
        return;
      }
      if (parsed.data.type === 'sample') {
        state = 'running';
        restartDelay = 1000;
      }
      options.onMessage(parsed.data);
    });
    current.on('error', (error) => onExit(current, error.message));
    current.on('exit', (code) => onExit(current, `exit code ${code}`));
    if (processesWanted) send({ type: 'processes', wanted: true });
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
    async close() {
      state = 'stopped';
      clock.clearTimeout(restartTimer);
      clock.clearTimeout(watchdogTimer);
      const current = worker;
      worker = null;
      await current?.terminate();
    },
  };
}
