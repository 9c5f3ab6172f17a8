export interface DiskCounters {
  reads: number;
  sectorsRead: number;
  writes: number;
  sectorsWritten: number;
}

/** /proc/diskstats counts in 512-byte sectors whatever the device's real sector size. */
export const DISKSTATS_SECTOR_BYTES = 512;

// Devices whose I/O is also counted on the disks beneath them (device mapper, software RAID) or
// that are not disks at all: counting them would count the same bytes twice.
const VIRTUAL = /^(loop|ram|zram|dm-|md|sr|fd|nbd)\d*/;
// Partitions, for when /sys/block cannot be read: sda1, vda2, nvme0n1p1, mmcblk0p1.
const PARTITION = /^((sd|hd|vd|xvd)[a-z]+\d+|(nvme\d+n\d+|mmcblk\d+)p\d+)$/;

/** Whether a device is a whole physical disk: listed in /sys/block when known, and not virtual. */
export function isWholeDisk(name: string, sysBlock: ReadonlySet<string> | null): boolean {
  if (VIRTUAL.test(name)) return false;
  return sysBlock ? sysBlock.has(name) : !PARTITION.test(name);
}

/** Parses /proc/diskstats, keeping whole physical disks only (see proc(5), iostats.rst). */
export function parseDiskstats(
  text: string,
  sysBlock: ReadonlySet<string> | null,
): Map<string, DiskCounters> {
  const disks = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const name = fields[2];
    if (fields.length < 10 || !name || !isWholeDisk(name, sysBlock)) continue;
    const [reads, , sectorsRead, , writes, , sectorsWritten] = fields.slice(3, 10).map(Number);
    const values = [reads, sectorsRead, writes, sectorsWritten];
    if (values.some((value) => value === undefined || !(value >= 0))) continue;
    disks.set(name, {
      reads: reads ?? 0,
      sectorsRead: sectorsRead ?? 0,
      writes: writes ?? 0,
      sectorsWritten: sectorsWritten ?? 0,
    });
  }
  return disks;
}
