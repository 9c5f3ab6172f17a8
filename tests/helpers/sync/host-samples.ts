import type { HostSample } from '@shared/sync/host-report';

/** A plausible one-minute sample starting at `t` (a multiple of 60 000). */
export function hostSample(t: number, cpu = 20, overrides: Partial<HostSample> = {}): HostSample {
  const stat = (avg: number) => ({ min: Math.max(0, avg - 5), avg, max: avg + 5 });
  const percent = (avg: number) => ({
    min: Math.max(0, avg - 5),
    avg,
    max: Math.min(100, avg + 5),
  });
  return {
    t,
    cpu: percent(cpu),
    memory: percent(50),
    load: stat(1),
    netRx: stat(1000),
    netTx: stat(500),
    diskRead: stat(2000),
    diskWrite: stat(3000),
    fileSystems: [{ mount: '/', usedBytes: 10e9, sizeBytes: 100e9 }],
    ...overrides,
  };
}
