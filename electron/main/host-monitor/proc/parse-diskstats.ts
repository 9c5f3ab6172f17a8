import { lineEnd, skipBlanks, skipWord, wholeNumbers } from './fields';

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
  for (let start = 0; start < text.length;) {
    const end = lineEnd(text, start);
    // "   8       0 sda 1234 ...": major, minor, name, then the counters.
    let at = start;
    for (let field = 0; field < 2; field++) at = skipWord(text, skipBlanks(text, at, end), end);
    const nameStart = skipBlanks(text, at, end);
    const nameEnd = skipWord(text, nameStart, end);
    const name = text.slice(nameStart, nameEnd);
    const counters = name && isWholeDisk(name, sysBlock) ? wholeNumbers(text, nameEnd, end) : null;
    start = end + 1;
    if (!counters || counters.length < 7) continue;
    const [reads = 0, , sectorsRead = 0, , writes = 0, , sectorsWritten = 0] = counters;
    disks.set(name, { reads, sectorsRead, writes, sectorsWritten });
  }
  return disks;
}
