import type {
  HistoryRequest,
  HostAlert,
  HostHistory,
  HostSample,
  HostSlowMetrics,
  HostSnapshot,
  ProbeStatus,
  TopProcesses,
} from '@shared/contract/host-metrics';
import { alertStatesChanged, evaluateHostAlerts } from '@shared/host-alerts/evaluate';
import type { HostAlertRule } from '@shared/host-alerts/rules';
import { DEFAULT_HOST_ALERT_RULES } from '@shared/host-alerts/rules';
import type { Logger } from '../services/logger';
import type { Clock } from './clock';
import type { HostHistoryStore } from './history/host-history';
import type { SamplerLauncher } from './launch-sampler';
import type { SamplerClient } from './sampler-client';
import { startSamplerClient } from './sampler-client';
import type { SamplerMessage, SamplerSettings } from './sampler-messages';
import { DEFAULT_SAMPLER_SETTINGS } from './sampler-messages';

export interface HostMonitorOptions {
  launchSampler: SamplerLauncher;
  history: HostHistoryStore;
  clock: Clock;
  logger: Logger;
  hostname: string;
  platform: string;
  settings?: Partial<SamplerSettings> | undefined;
  rules?: readonly HostAlertRule[] | undefined;
  /** How often alerts are evaluated when no data arrives (to notice a stalled sampler). */
  alertIntervalMs?: number;
}

export interface HostMonitor {
  getSnapshot(): HostSnapshot;
  getHistory(request: HistoryRequest): Promise<HostHistory>;
  getRecentSamples(seconds: number): { samples: HostSample[] };
  onSample(listener: (sample: HostSample) => void): () => void;
  onAlerts(listener: (alerts: HostAlert[]) => void): () => void;
  /** Top processes are read only while at least one listener is registered. */
  onProcesses(listener: (processes: TopProcesses) => void): () => void;
  close(): Promise<void>;
}

/**
 * A set of listeners that tells `demand` when the first one comes and the last one goes, so
 * the sampler does extra work (top processes, every sample at once) only while it is watched.
 */
function listeners<T>(demand: (wanted: boolean) => void = () => undefined) {
  const set = new Set<(value: T) => void>();
  return {
    add(listener: (value: T) => void): () => void {
      const entry = (value: T) => listener(value);
      set.add(entry);
      if (set.size === 1) demand(true);
      return () => {
        if (set.delete(entry) && set.size === 0) demand(false);
      };
    },
    emit(value: T): void {
      for (const listener of set) listener(value);
    },
  };
}

/**
 * Live host monitoring as a main-process service: the sampler's process, the tiered history and
 * the alert rules, evaluated continuously whether or not a view is open.
 */
export function startHostMonitor(options: HostMonitorOptions): HostMonitor {
  const { clock, logger, history } = options;
  const settings = { ...DEFAULT_SAMPLER_SETTINGS, ...options.settings };
  const rules = options.rules ?? DEFAULT_HOST_ALERT_RULES;
  const startedAt = clock.now();
  const samples = listeners<HostSample>((wanted) => sampler.setLiveWanted(wanted));
  const alertListeners = listeners<HostAlert[]>();
  const processListeners = listeners<TopProcesses>((wanted) => sampler.setProcessesWanted(wanted));
  let latest: HostSample | null = null;
  let slow: HostSlowMetrics | null = null;
  let probes: ProbeStatus[] = [];
  let alerts: HostAlert[] = [];
  let closed = false;
  let alertTimer: unknown;
  const historyReady = history.start().catch((error: unknown) => {
    logger.error('Host history could not be loaded', { error: String(error) });
  });

  /**
   * `at`: a sample's own time. Samples come five at a time while no live view is open; each is
   * evaluated as of when it was read, so a batch replays what a sample a second would have done
   * (a one-second dip still ends a breach) rather than judging older readings as current.
   */
  function evaluate(at = clock.now()): void {
    const next = evaluateHostAlerts(rules, alerts, {
      now: at,
      latest,
      slow,
      startedAt,
      // Samples come in batches while no live view is open: one batch may be that old already.
      maxSampleAgeMs: (10 + (settings.batchSamples ?? 1)) * settings.fastIntervalMs,
      maxSlowAgeMs: 3 * settings.slowIntervalMs,
    });
    const changed = alertStatesChanged(alerts, next);
    alerts = next;
    if (changed) alertListeners.emit(alerts);
  }

  function evaluateEvery(): void {
    alertTimer = clock.setTimeout(() => {
      if (closed) return;
      evaluate();
      evaluateEvery();
    }, options.alertIntervalMs ?? 5000);
  }

  function logProbeChanges(next: readonly ProbeStatus[]): void {
    for (const status of next) {
      const before = probes.find((probe) => probe.name === status.name);
      if (before?.state === status.state) continue;
      if (status.state === 'unavailable')
        logger.warn('A host probe is unavailable; the others carry on', {
          probe: status.name,
          source: status.source,
          reason: status.reason,
        });
      else if (before?.state === 'unavailable')
        logger.info('A host probe is available again', { probe: status.name });
    }
  }

  function onMessage(message: SamplerMessage): void {
    switch (message.type) {
      case 'sample':
        latest = message.sample;
        history.addSample(message.sample);
        samples.emit(message.sample);
        evaluate(message.sample.t);
        // The timer is for a silent sampler only: samples that arrive are evaluated as they
        // come, so the app is not woken a second time between two batches.
        clock.clearTimeout(alertTimer);
        evaluateEvery();
        break;
      case 'slow':
        slow = message.slow;
        if (message.slow.fileSystems) history.setFileSystems(message.slow.fileSystems);
        evaluate();
        break;
      case 'processes':
        processListeners.emit(message.processes);
        break;
      case 'probes':
        logProbeChanges(message.probes);
        probes = message.probes;
        break;
    }
  }

  const sampler: SamplerClient = startSamplerClient({
    launch: options.launchSampler,
    settings,
    logger,
    clock,
    onMessage,
  });
  evaluate();
  evaluateEvery();

  return {
    getSnapshot: () => ({
      t: clock.now(),
      hostname: options.hostname.slice(0, 256),
      platform: options.platform,
      latest,
      slow,
      probes,
      alerts,
      sampler: {
        state: sampler.state,
        lastSampleAt: latest?.t ?? null,
        fastIntervalMs: settings.fastIntervalMs,
        slowIntervalMs: settings.slowIntervalMs,
      },
    }),
    async getHistory(request) {
      await historyReady;
      return history.query(request);
    },
    getRecentSamples: (seconds) => ({ samples: history.recent(seconds) }),
    onSample: (listener) => samples.add(listener),
    onAlerts: (listener) => alertListeners.add(listener),
    onProcesses: (listener) => processListeners.add(listener),
    async close() {
      if (closed) return;
      closed = true;
      clock.clearTimeout(alertTimer);
      await sampler.close();
      await historyReady;
      await history.close();
    },
  };
}
