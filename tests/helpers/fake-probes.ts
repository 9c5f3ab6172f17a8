import type { HostSlowMetrics } from '@shared/contract/host-metrics';
import type {
  CpuReading,
  DiskReading,
  LoadReading,
  MemoryReading,
  NetworkReading,
} from '../../electron/main/host-monitor/probes/fast-readings';
import type { Probe } from '../../electron/main/host-monitor/probes/probe';
import type { SamplerProbes } from '../../electron/main/host-monitor/sampler-loop';

const EVERYWHERE: NodeJS.Platform[] = ['linux', 'darwin', 'win32'];

/** What the fake probes read; tests change it between seconds. */
export interface FakeMachine {
  cpuBusy: number;
  cores: number;
  memoryTotal: number;
  memoryAvailable: number;
  rxBytesPerSec: number;
  diskUsedPercent: Record<string, number>;
  /** Probes that throw, by name. */
  failing: Set<keyof SamplerProbes>;
}

export function fakeMachine(overrides: Partial<FakeMachine> = {}): FakeMachine {
  return {
    cpuBusy: 20,
    cores: 4,
    memoryTotal: 16 * 1024 ** 3,
    memoryAvailable: 8 * 1024 ** 3,
    rxBytesPerSec: 1000,
    diskUsedPercent: { '/': 40 },
    failing: new Set(),
    ...overrides,
  };
}

function probe<T>(
  name: Probe<T>['name'],
  machine: FakeMachine,
  read: () => T,
  key: keyof SamplerProbes = name,
): Probe<T> {
  return {
    name,
    source: `fake ${name}`,
    platforms: EVERYWHERE,
    read: () => {
      if (machine.failing.has(key)) return Promise.reject(new Error(`${name} broke`));
      return Promise.resolve(read());
    },
  };
}

/** Probes that report whatever `machine` holds at the moment they are read. */
export function fakeProbes(machine: FakeMachine): SamplerProbes {
  const times = () => ({
    user: machine.cpuBusy * 0.7,
    system: machine.cpuBusy * 0.3,
    idle: 100 - machine.cpuBusy,
  });
  return {
    cpu: probe<CpuReading>('cpu', machine, () => ({
      total: times(),
      cores: Array.from({ length: machine.cores }, times),
    })),
    load: probe<LoadReading>('load', machine, () => ({ one: 0.5, five: 0.4, fifteen: 0.3 })),
    memory: probe<MemoryReading>('memory', machine, () => ({
      totalBytes: machine.memoryTotal,
      availableBytes: machine.memoryAvailable,
      usedBytes: machine.memoryTotal - machine.memoryAvailable,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
    })),
    network: probe<NetworkReading>('network', machine, () => ({
      rxBytesPerSec: machine.rxBytesPerSec,
      txBytesPerSec: 10,
      interfaces: [{ name: 'eth0', rxBytesPerSec: machine.rxBytesPerSec, txBytesPerSec: 10 }],
    })),
    disk: probe<DiskReading>('disk', machine, () => ({
      readBytesPerSec: 4096,
      writeBytesPerSec: 8192,
      readIops: 1,
      writeIops: 2,
    })),
    fileSystems: probe<NonNullable<HostSlowMetrics['fileSystems']>>('fileSystems', machine, () =>
      Object.entries(machine.diskUsedPercent).map(([mount, usedPercent]) => ({
        mount,
        fs: '/dev/fake',
        type: 'ext4',
        sizeBytes: 100 * 1024 ** 3,
        usedBytes: usedPercent * 1024 ** 3,
        usedPercent,
      })),
    ),
    cpuTemperature: probe('cpuTemperature', machine, () => 45),
    battery: probe('battery', machine, () => ({
      present: false,
      percent: null,
      charging: false,
      acConnected: true,
    })),
    time: probe('time', machine, () => ({ uptimeSec: 3600, bootTime: 0 })),
    processes: probe('processes', machine, () => [
      { pid: 1, name: 'init', user: 'root', cpuPercent: 1, memPercent: 0.1, memRssBytes: 1024 },
    ]),
  };
}
