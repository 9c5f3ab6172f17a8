import type { HostSlowMetrics, TopProcesses } from '@shared/contract/host-metrics';
import type { Probe } from './probe';
import type { SystemInformation } from './system-information';
import { finite } from './system-information';

const EVERYWHERE: readonly NodeJS.Platform[] = ['linux', 'darwin', 'win32'];

type FileSystems = NonNullable<HostSlowMetrics['fileSystems']>;
type Battery = NonNullable<HostSlowMetrics['battery']>;
type TopProcess = TopProcesses['processes'][number];

/** How many processes the top-processes view shows. */
export const TOP_PROCESSES = 15;

/**
 * Slow metrics from systeminformation, the portable source for them: they change slowly and
 * some cost a child process (`df`), so they are read every 30 s, never every second.
 */
export function slowProbes(si: SystemInformation) {
  const fileSystems: Probe<FileSystems> = {
    name: 'fileSystems',
    source: 'systeminformation.fsSize',
    platforms: EVERYWHERE,
    async read() {
      const list: FileSystems = [];
      for (const entry of await si.fsSize()) {
        const sizeBytes = finite(entry.size);
        const usedBytes = finite(entry.used);
        // Pseudo and empty file systems (squashfs snaps, tmpfs of size 0) tell nothing.
        if (!sizeBytes || usedBytes === null || !entry.mount) continue;
        const usedPercent = finite(entry.use) ?? (usedBytes / sizeBytes) * 100;
        list.push({
          mount: entry.mount,
          fs: entry.fs.slice(0, 256),
          type: entry.type.slice(0, 256),
          sizeBytes,
          usedBytes,
          usedPercent: Math.min(100, Math.round(usedPercent * 100) / 100),
        });
      }
      return list;
    },
  };

  const cpuTemperature: Probe<number> = {
    name: 'cpuTemperature',
    source: 'systeminformation.cpuTemperature',
    platforms: EVERYWHERE,
    async read() {
      const main = (await si.cpuTemperature()).main;
      // Virtual machines and Windows without administrator rights have no readable sensor.
      if (typeof main !== 'number' || !Number.isFinite(main) || main <= -100 || main >= 250)
        throw new Error('No temperature sensor can be read on this computer');
      return main;
    },
  };

  const battery: Probe<Battery> = {
    name: 'battery',
    source: 'systeminformation.battery',
    platforms: EVERYWHERE,
    async read() {
      const reading = await si.battery();
      if (!reading.hasBattery)
        return { present: false, percent: null, charging: false, acConnected: true };
      const percent = finite(reading.percent);
      return {
        present: true,
        percent: percent === null ? null : Math.min(100, percent),
        charging: reading.isCharging,
        acConnected: reading.acConnected,
      };
    },
  };

  const time: Probe<{ uptimeSec: number; bootTime: number }> = {
    name: 'time',
    source: 'systeminformation.time',
    platforms: EVERYWHERE,
    read() {
      const { current, uptime } = si.time();
      const uptimeSec = finite(uptime);
      if (uptimeSec === null || finite(current) === null) throw new Error('No uptime reported');
      return Promise.resolve({ uptimeSec, bootTime: Math.round(current - uptimeSec * 1000) });
    },
  };

  // processes() costs about 90 ms of CPU per call: it runs only while the view is open.
  const processes: Probe<TopProcess[]> = {
    name: 'processes',
    source: 'systeminformation.processes',
    platforms: EVERYWHERE,
    async read() {
      const { list } = await si.processes();
      return list
        .filter((entry) => finite(entry.cpu) !== null && finite(entry.pid) !== null)
        .sort((a, b) => b.cpu - a.cpu || b.memRss - a.memRss)
        .slice(0, TOP_PROCESSES)
        .map((entry) => ({
          pid: entry.pid,
          name: entry.name.slice(0, 256),
          user: entry.user.slice(0, 256),
          cpuPercent: Math.round(entry.cpu * 100) / 100,
          memPercent: Math.min(100, Math.round((finite(entry.mem) ?? 0) * 100) / 100),
          memRssBytes: (finite(entry.memRss) ?? 0) * 1024,
        }));
    },
  };

  return { fileSystems, cpuTemperature, battery, time, processes };
}
