import type { Disk, StaticSystemInfo } from '@shared/contract/system';

/** The part of `systeminformation` this service uses; injected so tests can pass a fake. */
export interface StaticInfoSource {
  cpu(): Promise<{
    brand: string;
    manufacturer: string;
    cores: number;
    physicalCores: number;
    speed: number;
  }>;
  mem(): Promise<{ total: number }>;
  osInfo(): Promise<{
    platform: string;
    distro: string;
    release: string;
    arch: string;
    hostname: string;
  }>;
  diskLayout(): Promise<{ name: string; type: string; size: number }[]>;
  blockDevices(): Promise<{ name: string; type: string; size: number }[]>;
}

export interface SystemInfoDeps {
  si: StaticInfoSource;
  /** Fallbacks from Node's `os` module for when a probe fails. */
  os: {
    cpus(): unknown[];
    totalmem(): number;
    hostname(): string;
    platform(): string;
    release(): string;
    arch(): string;
  };
}

/**
 * Inventory of the PC. It does not change while the app runs, so it is read once and cached;
 * probes that fail fall back to what Node knows rather than failing the whole page.
 */
export function createSystemInfoService(deps: SystemInfoDeps): {
  getStaticInfo(): Promise<StaticSystemInfo>;
} {
  let cached: Promise<StaticSystemInfo> | undefined;

  async function read(): Promise<StaticSystemInfo> {
    const { si, os } = deps;
    const [cpu, mem, osInfo, disks] = await Promise.all([
      si.cpu().catch(() => undefined),
      si.mem().catch(() => undefined),
      si.osInfo().catch(() => undefined),
      readDisks(si),
    ]);
    const logicalCores = os.cpus().length;
    return {
      cpu: {
        brand: cpu?.brand || 'Unknown processor',
        manufacturer: cpu?.manufacturer ?? '',
        cores: cpu?.cores && cpu.cores > 0 ? cpu.cores : Math.max(1, logicalCores),
        physicalCores: cpu?.physicalCores ?? 0,
        speedGHz: cpu?.speed ?? 0,
      },
      memory: { totalBytes: mem?.total ?? os.totalmem() },
      os: {
        platform: osInfo?.platform ?? os.platform(),
        distro: osInfo?.distro ?? os.platform(),
        release: osInfo?.release ?? os.release(),
        arch: osInfo?.arch ?? os.arch(),
        hostname: osInfo?.hostname || os.hostname(),
      },
      disks,
    };
  }

  return {
    getStaticInfo() {
      cached ??= read().catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
      return cached;
    },
  };
}

/**
 * Physical disks. Virtual machines and containers often report no disk layout, so whole block
 * devices with a size stand in for them there.
 */
async function readDisks(si: StaticInfoSource): Promise<Disk[]> {
  const layout = await si.diskLayout().catch(() => []);
  const fromLayout = layout.filter((disk) => disk.size > 0);
  if (fromLayout.length > 0) {
    return fromLayout.map((disk) => ({
      name: disk.name || 'Disk',
      type: disk.type || 'disk',
      sizeBytes: disk.size,
    }));
  }
  const devices = await si.blockDevices().catch(() => []);
  return devices
    .filter((device) => device.type === 'disk' && device.size > 0)
    .map((device) => ({ name: device.name, type: 'disk', sizeBytes: device.size }));
}
