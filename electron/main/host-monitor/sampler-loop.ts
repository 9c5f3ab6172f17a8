import type { HostSample, HostSlowMetrics, TopProcesses } from '@shared/contract/host-metrics';
import type { Clock } from './clock';
import type {
  CpuReading,
  DiskReading,
  LoadReading,
  MemoryReading,
  NetworkReading,
} from './probes/fast-readings';
import type { Probe, ProbeRunner } from './probes/probe';
import { createProbeRunner, startDeadline } from './probes/probe';
import type { SamplerMessage } from './sampler-messages';

export interface SamplerProbes {
  cpu: Probe<CpuReading>;
  load: Probe<LoadReading>;
  memory: Probe<MemoryReading>;
  network: Probe<NetworkReading>;
  disk: Probe<DiskReading>;
  fileSystems: Probe<NonNullable<HostSlowMetrics['fileSystems']>>;
  cpuTemperature: Probe<number>;
  battery: Probe<NonNullable<HostSlowMetrics['battery']>>;
  time: Probe<{ uptimeSec: number; bootTime: number }>;
  processes: Probe<TopProcesses['processes']>;
}

export interface SamplerLoopOptions {
  probes: SamplerProbes;
  platform: NodeJS.Platform;
  clock: Clock;
  fastIntervalMs: number;
  slowIntervalMs: number;
  processesIntervalMs: number;
  fastTimeoutMs: number;
  slowTimeoutMs: number;
  emit: (message: SamplerMessage) => void;
}

export interface SamplerLoop {
  setProcessesWanted(wanted: boolean): void;
  stop(): void;
}

/**
 * Runs `task` at every whole multiple of `intervalMs` on the wall clock (so samples land on whole
 * seconds), scheduling the next run only once this one is done: a slow run never overlaps.
 * A task that finishes synchronously schedules the next run at once, without a promise.
 */
function repeat(clock: Clock, intervalMs: number, task: () => Promise<void> | void) {
  let handle: unknown;
  let active = false;
  function scheduleNext(): void {
    if (!active) return;
    handle = clock.setTimeout(run, intervalMs - (clock.now() % intervalMs));
  }
  function run(): void {
    if (!active) return;
    const pending = task();
    if (pending) void pending.finally(scheduleNext);
    else scheduleNext();
  }
  return {
    start(immediately: boolean) {
      if (active) return;
      active = true;
      if (immediately) run();
      else scheduleNext();
    },
    stop() {
      active = false;
      clock.clearTimeout(handle);
    },
  };
}

/**
 * The sampling schedule, independent of where it runs (the sampler's own process in the app, the test's
 * own thread with fake probes and a fake clock): fast metrics every second, slow ones every
 * 30 s, top processes only while wanted. Each probe runs isolated (see createProbeRunner).
 */
export function startSamplerLoop(options: SamplerLoopOptions): SamplerLoop {
  const { probes, clock, emit } = options;
  const runner = <T>(probe: Probe<T>, timeoutMs: number): ProbeRunner<T> =>
    createProbeRunner(probe, { platform: options.platform, timeoutMs, clock });
  const fast = {
    cpu: runner(probes.cpu, options.fastTimeoutMs),
    load: runner(probes.load, options.fastTimeoutMs),
    memory: runner(probes.memory, options.fastTimeoutMs),
    network: runner(probes.network, options.fastTimeoutMs),
    disk: runner(probes.disk, options.fastTimeoutMs),
  };
  const slow = {
    fileSystems: runner(probes.fileSystems, options.slowTimeoutMs),
    cpuTemperature: runner(probes.cpuTemperature, options.slowTimeoutMs),
    battery: runner(probes.battery, options.slowTimeoutMs),
    time: runner(probes.time, options.slowTimeoutMs),
  };
  const processes = runner(probes.processes, options.slowTimeoutMs);
  const all: ProbeRunner<unknown>[] = [...Object.values(fast), ...Object.values(slow), processes];
  let reported = -1;
  let stopped = false;

  // Called every second: the statuses are built only when one of them has changed.
  function reportStatuses(): void {
    let revisions = 0;
    for (const entry of all) revisions += entry.revision;
    if (revisions === reported) return;
    reported = revisions;
    emit({ type: 'probes', probes: all.map((entry) => entry.status()) });
  }

  type FastReadings = Omit<HostSample, 't'>;
  const fastRunners = Object.values(fast);
  // Kernel files (Linux) are read inline: no promise, no timeout timer, every second. A read
  // that never returned would stall the sampler's process; the client's watchdog restarts it.
  const readsSync = fastRunners.every((runner) => runner.runSync);

  function readFastSync(): FastReadings {
    const read = <T>(runner: ProbeRunner<T>) => runner.runSync?.() ?? null;
    return {
      cpu: read(fast.cpu),
      load: read(fast.load),
      memory: read(fast.memory),
      network: read(fast.network),
      disk: read(fast.disk),
    };
  }

  async function readFastAsync(): Promise<FastReadings> {
    // One timer for the five probes of a second, not one each: this runs every second.
    const deadline = startDeadline(clock, options.fastTimeoutMs);
    const [cpu, load, memory, network, disk] = await Promise.all([
      fast.cpu.run(deadline.expired),
      fast.load.run(deadline.expired),
      fast.memory.run(deadline.expired),
      fast.network.run(deadline.expired),
      fast.disk.run(deadline.expired),
    ]);
    deadline.cancel();
    return { cpu, load, memory, network, disk };
  }

  function emitSample(t: number, readings: FastReadings): void {
    if (stopped) return;
    emit({ type: 'sample', sample: { t, ...readings } });
    reportStatuses();
  }

  const fastLoop = repeat(clock, options.fastIntervalMs, () => {
    const t = Math.round(clock.now());
    if (readsSync) return emitSample(t, readFastSync());
    return readFastAsync().then((readings) => emitSample(t, readings));
  });

  const slowLoop = repeat(clock, options.slowIntervalMs, async () => {
    const t = Math.round(clock.now());
    const [fileSystems, cpuTemperatureC, battery, time] = await Promise.all([
      slow.fileSystems.run(),
      slow.cpuTemperature.run(),
      slow.battery.run(),
      slow.time.run(),
    ]);
    if (stopped) return;
    emit({
      type: 'slow',
      slow: {
        t,
        fileSystems,
        cpuTemperatureC,
        battery,
        uptimeSec: time?.uptimeSec ?? null,
        bootTime: time?.bootTime ?? null,
      },
    });
    reportStatuses();
  });

  const processesLoop = repeat(clock, options.processesIntervalMs, async () => {
    const t = Math.round(clock.now());
    const list = await processes.run();
    if (stopped || list === null) return;
    emit({ type: 'processes', processes: { t, processes: list } });
  });

  // The first reading of each rate only primes it; the first sample comes a second later.
  function primed(): void {
    if (stopped) return;
    reportStatuses();
    fastLoop.start(false);
  }
  if (readsSync) {
    readFastSync();
    primed();
  } else void readFastAsync().then(primed);
  slowLoop.start(true);

  return {
    setProcessesWanted(wanted) {
      if (wanted) processesLoop.start(true);
      else processesLoop.stop();
    },
    stop() {
      stopped = true;
      fastLoop.stop();
      slowLoop.stop();
      processesLoop.stop();
    },
  };
}
