import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { linuxFastProbes } from '../../../../electron/main/host-monitor/probes/linux-fast-probes';
import { createProbeRunner } from '../../../../electron/main/host-monitor/probes/probe';
import { createFakeClock } from '../../../helpers/fake-clock';

const fixtures = path.resolve(import.meta.dirname, '../../../fixtures/proc');

/** A procfs and sysfs made of fixture files, swapped between readings like the kernel would. */
function fakeProc() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-proc-'));
  mkdirSync(path.join(root, 'proc/net'), { recursive: true });
  mkdirSync(path.join(root, 'sys/block'), { recursive: true });
  for (const disk of ['vda', 'nvme0n1', 'loop0', 'dm-0', 'zram0'])
    writeFileSync(path.join(root, 'sys/block', disk), '');
  const files: Record<string, string> = {
    stat: 'stat',
    meminfo: 'meminfo',
    loadavg: 'loadavg',
    'net-dev': 'net/dev',
    diskstats: 'diskstats',
  };
  return {
    root,
    use(...names: string[]) {
      for (const name of names) {
        const [kind] = name.split('.') as [string];
        copyFileSync(path.join(fixtures, name), path.join(root, 'proc', files[kind] ?? kind));
      }
    },
    remove(file: string) {
      rmSync(path.join(root, 'proc', file));
    },
  };
}

function probesOver(root: string, wrapAt: number | null = null) {
  const clock = createFakeClock();
  const probes = linuxFastProbes({
    procRoot: path.join(root, 'proc'),
    sysRoot: path.join(root, 'sys'),
    readText: (file) => readFileSync(file, 'utf8'),
    listDir: (dir) => readdirSync(dir),
    clock,
    wrapAt,
  });
  return { probes, clock };
}

describe('Linux fast probes over /proc', () => {
  let proc: ReturnType<typeof fakeProc>;
  beforeEach(() => {
    proc = fakeProc();
    proc.use('stat.before', 'meminfo', 'loadavg', 'net-dev.before', 'diskstats.before');
  });

  it('computes CPU shares, per core, from two readings of /proc/stat', async () => {
    const { probes } = probesOver(proc.root);
    expect(await probes.cpu.read()).toBeNull();
    proc.use('stat.after');
    const cpu = await probes.cpu.read();
    expect(cpu?.cores).toEqual([
      { user: 30, system: 10, idle: 60 },
      { user: 60, system: 20, idle: 20 },
    ]);
    expect(cpu?.total).toEqual({ user: 45, system: 15, idle: 40 });
  });

  it('gives no CPU figure, never a negative one, across a reboot', async () => {
    const { probes } = probesOver(proc.root);
    await probes.cpu.read();
    proc.use('stat.reset');
    expect(await probes.cpu.read()).toBeNull();
    proc.use('stat.after');
    const next = await probes.cpu.read();
    for (const share of [next?.total.user, next?.total.system, next?.total.idle])
      expect(share).toBeGreaterThanOrEqual(0);
  });

  it('reads network rates per interface and in total over the elapsed time', async () => {
    const { probes, clock } = probesOver(proc.root);
    expect(await probes.network.read()).toBeNull();
    proc.use('net-dev.after');
    await clock.advance(500);
    expect(await probes.network.read()).toEqual({
      rxBytesPerSec: 250_000,
      txBytesPerSec: 5000,
      interfaces: [
        { name: 'eth0', rxBytesPerSec: 250_000, txBytesPerSec: 5000 },
        { name: 'wlan0', rxBytesPerSec: 0, txBytesPerSec: 0 },
      ],
    });
  });

  it('leaves out an interface whose counters reset and keeps the others', async () => {
    const { probes, clock } = probesOver(proc.root);
    await probes.network.read();
    proc.use('net-dev.reset');
    await clock.advance(1000);
    const network = await probes.network.read();
    expect(network?.interfaces).toEqual([
      { name: 'wlan0', rxBytesPerSec: 10_000, txBytesPerSec: 1000 },
    ]);
    expect(network?.rxBytesPerSec).toBe(10_000);
  });

  it('follows a 32-bit network counter over its wrap on a 32-bit kernel', async () => {
    proc.use('net-dev.wrap-before');
    const { probes, clock } = probesOver(proc.root, 2 ** 32);
    await probes.network.read();
    proc.use('net-dev.wrap-after');
    await clock.advance(1000);
    expect((await probes.network.read())?.interfaces[0]).toEqual({
      name: 'eth0',
      rxBytesPerSec: 80_000,
      txBytesPerSec: 1000,
    });
  });

  it('reads disk throughput and IOPS of whole disks only', async () => {
    const { probes, clock } = probesOver(proc.root);
    expect(await probes.disk.read()).toBeNull();
    proc.use('diskstats.after');
    await clock.advance(1000);
    expect(await probes.disk.read()).toEqual({
      readBytesPerSec: (2048 + 80) * 512,
      writeBytesPerSec: 4096 * 512,
      readIops: 15,
      writeIops: 20,
    });
  });

  it('gives no rate for a disk whose counters restarted after a reboot', async () => {
    const { probes, clock } = probesOver(proc.root);
    await probes.disk.read();
    proc.use('diskstats.reset');
    await clock.advance(1000);
    // Only nvme0n1 carried on: 160 sectors in 10 reads, 8 sectors in 1 write.
    expect(await probes.disk.read()).toEqual({
      readBytesPerSec: 160 * 512,
      writeBytesPerSec: 8 * 512,
      readIops: 10,
      writeIops: 1,
    });
  });

  it('reads memory and load straight away', async () => {
    const { probes } = probesOver(proc.root);
    expect((await probes.memory.read())?.totalBytes).toBe(24684092 * 1024);
    expect(await probes.load.read()).toEqual({ one: 1.55, five: 0.97, fifteen: 0.61 });
  });

  it('reports a probe whose /proc file is missing as unavailable, and the others carry on', async () => {
    const { probes, clock } = probesOver(proc.root);
    proc.remove('meminfo');
    const options = { platform: 'linux' as const, timeoutMs: 500, clock };
    const memory = createProbeRunner(probes.memory, options);
    const load = createProbeRunner(probes.load, options);
    expect(await memory.run()).toBeNull();
    expect(memory.status()).toMatchObject({ state: 'unavailable', source: '/proc/meminfo' });
    expect(memory.status().reason).toMatch(/ENOENT/);
    expect(await load.run()).toEqual({ one: 1.55, five: 0.97, fifteen: 0.61 });
    expect(load.status().state).toBe('ok');
    proc.use('meminfo');
    expect((await memory.run())?.totalBytes).toBeGreaterThan(0);
    expect(memory.status()).toMatchObject({ state: 'ok', reason: null });
  });
});
