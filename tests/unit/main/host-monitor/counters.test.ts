import { describe, expect, it } from 'vitest';
import {
  counterRate,
  counterWrapFor,
  cpuTimesBetween,
  deviceRates,
} from '../../../../electron/main/host-monitor/counters';

const limits = { maxPerSecond: 1e9, wrapAt: null };

describe('counter rates', () => {
  it('is the increase per second', () => {
    expect(counterRate(1000, 3000, 500, limits)).toBe(4000);
  });

  it('gives no rate, never a negative one, when a counter resets', () => {
    expect(counterRate(5_000_000, 1000, 1000, limits)).toBeNull();
  });

  it('follows a 32-bit counter over its wrap', () => {
    const wrapAt = 2 ** 32;
    expect(counterRate(wrapAt - 50_000, 30_000, 1000, { maxPerSecond: 1e9, wrapAt })).toBe(80_000);
    // A value above the wrap point cannot have wrapped: it reset.
    expect(counterRate(wrapAt + 5, 10, 1000, { maxPerSecond: 1e9, wrapAt })).toBeNull();
  });

  it('rejects absurd rates and intervals in which no time passed', () => {
    expect(counterRate(0, 2e9, 1000, limits)).toBeNull();
    expect(counterRate(0, 10, 0, limits)).toBeNull();
    expect(counterRate(0, 10, -5, limits)).toBeNull();
  });

  it('knows which architectures have 32-bit kernel counters', () => {
    expect(counterWrapFor('x64')).toBeNull();
    expect(counterWrapFor('arm64')).toBeNull();
    expect(counterWrapFor('ia32')).toBe(2 ** 32);
    expect(counterWrapFor('arm')).toBe(2 ** 32);
  });

  it('leaves out a device whose counters reset or that just appeared, and keeps the others', () => {
    const before = new Map([
      ['eth0', { rx: 5000, tx: 100 }],
      ['wlan0', { rx: 100, tx: 100 }],
    ]);
    const after = new Map([
      ['eth0', { rx: 10, tx: 200 }],
      ['wlan0', { rx: 1100, tx: 300 }],
      ['usb0', { rx: 50, tx: 50 }],
    ]);
    const rates = deviceRates(before, after, 1000, { rx: limits, tx: limits });
    expect([...rates]).toEqual([['wlan0', { rx: 1000, tx: 200 }]]);
  });
});

describe('CPU time shares', () => {
  const ticks = (user: number, system: number, idle: number, iowait = 0, steal = 0) => ({
    user,
    nice: 0,
    system,
    idle,
    iowait,
    irq: 0,
    softirq: 0,
    steal,
  });

  it('splits the time since the last reading into user, system and idle (with I/O wait)', () => {
    expect(cpuTimesBetween(ticks(100, 100, 100), ticks(130, 110, 150, 10))).toEqual({
      user: 30,
      system: 10,
      idle: 60,
    });
  });

  it('gives nothing when a counter went backwards or no time passed', () => {
    expect(cpuTimesBetween(ticks(100, 100, 100), ticks(90, 120, 200))).toBeNull();
    expect(cpuTimesBetween(ticks(100, 100, 100), ticks(100, 100, 100))).toBeNull();
  });

  it('counts steal time in no share', () => {
    const times = cpuTimesBetween(ticks(0, 0, 0), ticks(40, 10, 40, 0, 10));
    expect(times).toEqual({ user: 40, system: 10, idle: 40 });
  });
});
