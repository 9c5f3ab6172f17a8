import type { HostSummary } from '@shared/sync/host-report';

export interface HostFigures {
  cpuPercent: number | null;
  memoryPercent: number | null;
  /** The fullest file system: the one a person needs to know about. */
  disk: { mount: string; usedPercent: number } | null;
  /** When the figures were measured (start of their minute). */
  at: number | null;
}

/** What a PC's last reported minute says, as the list shows it. */
export function hostFigures(host: HostSummary): HostFigures {
  const latest = host.latest;
  if (!latest) return { cpuPercent: null, memoryPercent: null, disk: null, at: null };
  let disk: HostFigures['disk'] = null;
  for (const fs of latest.fileSystems) {
    if (fs.sizeBytes <= 0) continue;
    const usedPercent = Math.min(100, (fs.usedBytes / fs.sizeBytes) * 100);
    if (!disk || usedPercent > disk.usedPercent) disk = { mount: fs.mount, usedPercent };
  }
  return {
    cpuPercent: latest.cpu.avg,
    memoryPercent: latest.memory.avg,
    disk,
    at: latest.t,
  };
}
