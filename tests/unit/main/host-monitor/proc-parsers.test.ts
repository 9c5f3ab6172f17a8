import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isWholeDisk,
  parseDiskstats,
} from '../../../../electron/main/host-monitor/proc/parse-diskstats';
import {
  lineEnd,
  skipBlanks,
  skipWord,
  wholeNumbers,
} from '../../../../electron/main/host-monitor/proc/fields';
import { parseLoadavg } from '../../../../electron/main/host-monitor/proc/parse-loadavg';
import { parseMeminfo } from '../../../../electron/main/host-monitor/proc/parse-meminfo';
import { parseNetDev } from '../../../../electron/main/host-monitor/proc/parse-net-dev';
import { parseProcStat } from '../../../../electron/main/host-monitor/proc/parse-proc-stat';

const fixture = (name: string) =>
  readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/proc', name), 'utf8');

describe('/proc parsers', () => {
  it('reads blank-separated whole numbers in place, and nothing else', () => {
    const line = 'cpu0 12 \t 0  345\n';
    expect(wholeNumbers(line, skipWord(line, 0, line.length), lineEnd(line, 0))).toEqual([
      12, 0, 345,
    ]);
    expect(wholeNumbers('1 -2 3', 0, 6)).toBeNull();
    expect(wholeNumbers('1.5', 0, 3)).toBeNull();
    expect(wholeNumbers('  ', 0, 2)).toEqual([]);
    expect(skipBlanks(' \t x', 0, 4)).toBe(3);
  });

  it('reads the total and per-CPU tick counters from /proc/stat', () => {
    const stat = parseProcStat(fixture('stat.before'));
    expect(stat.total).toEqual({
      user: 45148,
      nice: 551,
      system: 11296,
      idle: 222389,
      iowait: 416,
      irq: 0,
      softirq: 224,
      steal: 52,
    });
    expect([...stat.cores.keys()]).toEqual([0, 1]);
    expect(stat.cores.get(1)?.user).toBe(23612);
  });

  it('refuses a /proc/stat it cannot read rather than inventing figures', () => {
    expect(() => parseProcStat(fixture('stat.garbage'))).toThrow(/Unreadable/);
    expect(() => parseProcStat('intr 1 2 3\n')).toThrow(/no cpu line/);
  });

  it('reads memory and swap from /proc/meminfo, in bytes', () => {
    expect(parseMeminfo(fixture('meminfo'))).toEqual({
      totalBytes: 24684092 * 1024,
      availableBytes: 24120928 * 1024,
      usedBytes: (24684092 - 24120928) * 1024,
      swapTotalBytes: 2097148 * 1024,
      swapUsedBytes: (2097148 - 1572860) * 1024,
    });
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    const memory = parseMeminfo(fixture('meminfo.old-kernel'));
    expect(memory.availableBytes).toBe((1000000 + 200000 + 2000000 + 300000) * 1024);
    expect(memory.usedBytes + memory.availableBytes).toBe(memory.totalBytes);
  });

  it('reads the load average', () => {
    expect(parseLoadavg(fixture('loadavg'))).toEqual({ one: 1.55, five: 0.97, fifteen: 0.61 });
    expect(() => parseLoadavg('')).toThrow();
  });

  it('reads byte counters per interface from /proc/net/dev, leaving out loopback', () => {
    const counters = parseNetDev(fixture('net-dev.before'));
    expect([...counters.keys()]).toEqual(['eth0', 'wlan0']);
    expect(counters.get('eth0')).toEqual({ rxBytes: 1175498336, txBytes: 4050088 });
  });

  it('keeps whole physical disks from /proc/diskstats, not partitions or virtual devices', () => {
    const known = parseDiskstats(
      fixture('diskstats.before'),
      new Set(['vda', 'nvme0n1', 'loop0', 'dm-0']),
    );
    expect([...known.keys()]).toEqual(['vda', 'nvme0n1']);
    expect(known.get('vda')).toEqual({
      reads: 60846,
      sectorsRead: 4054450,
      writes: 50753,
      sectorsWritten: 4270376,
    });
    // Without /sys/block, partitions are recognised by name.
    const guessed = parseDiskstats(fixture('diskstats.before'), null);
    expect([...guessed.keys()]).toEqual(['vda', 'nvme0n1']);
    expect(isWholeDisk('sda', null)).toBe(true);
    expect(isWholeDisk('sda2', null)).toBe(false);
    expect(isWholeDisk('mmcblk0p1', null)).toBe(false);
    expect(isWholeDisk('md0', new Set(['md0']))).toBe(false);
  });
});
