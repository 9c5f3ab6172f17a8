import { describe, expect, it } from 'vitest';
import type { HostAlert, HostSample, HostSlowMetrics } from '@shared/contract/host-metrics';
import { hostAlertSchema } from '@shared/contract/host-metrics';
import type { HostAlertInput } from '@shared/host-alerts/evaluate';
import { alertStatesChanged, evaluateHostAlerts } from '@shared/host-alerts/evaluate';
import { DEFAULT_HOST_ALERT_RULES } from '@shared/host-alerts/rules';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;

function sample(t: number, busy: number, availablePercent = 50): HostSample {
  return {
    t,
    cpu: { total: { user: busy, system: 0, idle: 100 - busy }, cores: [] },
    load: null,
    memory: {
      totalBytes: 1000,
      availableBytes: availablePercent * 10,
      usedBytes: 1000 - availablePercent * 10,
      swapTotalBytes: 0,
      swapUsedBytes: 0,
    },
    network: null,
    disk: null,
  };
}

function slow(t: number, used: Record<string, number>): HostSlowMetrics {
  return {
    t,
    fileSystems: Object.entries(used).map(([mount, usedPercent]) => ({
      mount,
      fs: 'x',
      type: 'ext4',
      sizeBytes: 100,
      usedBytes: usedPercent,
      usedPercent,
    })),
    cpuTemperatureC: null,
    battery: null,
    uptimeSec: null,
    bootTime: null,
  };
}

/** Feeds one reading per second (or per `stepMs`) for `ms`, as the main process would. */
function runFor(
  ms: number,
  reading: (now: number) => Partial<HostAlertInput>,
  start = { alerts: [] as HostAlert[], now: T0 },
  stepMs = SECOND,
) {
  let alerts = start.alerts;
  let now = start.now;
  for (let elapsed = 0; elapsed <= ms; elapsed += stepMs) {
    now = start.now + elapsed;
    alerts = evaluateHostAlerts(DEFAULT_HOST_ALERT_RULES, alerts, {
      now,
      latest: null,
      slow: null,
      startedAt: T0,
      maxSampleAgeMs: 10 * SECOND,
      maxSlowAgeMs: 90 * SECOND,
      ...reading(now),
    });
  }
  return { alerts, now };
}

const find = (alerts: readonly HostAlert[], ruleId: string, subject: string | null = null) =>
  alerts.find((alert) => alert.ruleId === ruleId && alert.subject === subject);

describe('host alert rules', () => {
  it('fires CPU > 95% only after ten minutes without a break', () => {
    const busy = (now: number) => ({ latest: sample(now, 99) });
    const nineMinutes = runFor(9 * MINUTE, busy);
    expect(find(nineMinutes.alerts, 'cpu-saturated')).toMatchObject({
      state: 'ok',
      value: 99,
      breachedSince: T0,
    });
    const tenMinutes = runFor(MINUTE, busy, {
      alerts: nineMinutes.alerts,
      now: nineMinutes.now + SECOND,
    });
    const alert = find(tenMinutes.alerts, 'cpu-saturated');
    expect(alert).toMatchObject({ state: 'firing', since: T0 + 10 * MINUTE });
    expect(hostAlertSchema.parse(alert)).toEqual(alert);
  });

  it('starts counting again after one reading below the threshold', () => {
    const almost = runFor(9 * MINUTE, (now) => ({ latest: sample(now, 99) }));
    const dip = runFor(0, (now) => ({ latest: sample(now, 50) }), {
      alerts: almost.alerts,
      now: almost.now + SECOND,
    });
    expect(find(dip.alerts, 'cpu-saturated')).toMatchObject({ state: 'ok', breachedSince: null });
    const after = runFor(2 * MINUTE, (now) => ({ latest: sample(now, 99) }), {
      alerts: dip.alerts,
      now: dip.now + SECOND,
    });
    expect(find(after.alerts, 'cpu-saturated')?.state).toBe('ok');
  });

  it('fires when available memory stays under 5% for two minutes, and clears when it recovers', () => {
    const low = runFor(2 * MINUTE, (now) => ({ latest: sample(now, 10, 3) }));
    expect(find(low.alerts, 'memory-low')).toMatchObject({ state: 'firing', value: 3 });
    const recovered = runFor(0, (now) => ({ latest: sample(now, 10, 30) }), {
      alerts: low.alerts,
      now: low.now + SECOND,
    });
    expect(find(recovered.alerts, 'memory-low')).toMatchObject({
      state: 'ok',
      since: low.now + SECOND,
    });
  });

  it('fires per mount when a disk stays over 90% for five minutes', () => {
    const readings = (now: number) => ({
      latest: sample(now, 5),
      slow: slow(now - (now % (30 * SECOND)), { '/': 93, '/data': 40 }),
    });
    const fourMinutes = runFor(4 * MINUTE, readings);
    expect(find(fourMinutes.alerts, 'disk-nearly-full', '/')?.state).toBe('ok');
    const fiveMinutes = runFor(MINUTE, readings, {
      alerts: fourMinutes.alerts,
      now: fourMinutes.now + SECOND,
    });
    expect(find(fiveMinutes.alerts, 'disk-nearly-full', '/')).toMatchObject({
      state: 'firing',
      value: 93,
    });
    expect(find(fiveMinutes.alerts, 'disk-nearly-full', '/data')?.state).toBe('ok');
  });

  it('is unknown while its data is missing, never firing on a gap', () => {
    const { alerts } = runFor(20 * MINUTE, () => ({}), undefined, 10 * SECOND);
    for (const ruleId of ['cpu-saturated', 'memory-low', 'disk-nearly-full'])
      expect(find(alerts, ruleId)?.state).toBe('unknown');
  });

  it('treats stale data as missing data', () => {
    const old = sample(T0, 99, 1);
    const { alerts } = runFor(3 * MINUTE, () => ({ latest: old }), undefined, 10 * SECOND);
    expect(find(alerts, 'cpu-saturated')?.state).toBe('unknown');
    expect(find(alerts, 'memory-low')?.state).toBe('unknown');
  });

  it('fires when the sampler has been silent for more than 30 seconds, also before its first sample', () => {
    const silent = runFor(31 * SECOND, () => ({}));
    expect(find(silent.alerts, 'sampler-stale')).toMatchObject({ state: 'firing', value: 31 });
    const early = runFor(29 * SECOND, () => ({}));
    expect(find(early.alerts, 'sampler-stale')?.state).toBe('ok');
    const back = runFor(0, (now) => ({ latest: sample(now, 5) }), {
      alerts: silent.alerts,
      now: silent.now + SECOND,
    });
    expect(find(back.alerts, 'sampler-stale')).toMatchObject({ state: 'ok', value: 0 });
  });

  it('drops the alert of a disk that was unmounted, and says when states changed', () => {
    const both = runFor(0, (now) => ({ slow: slow(now, { '/': 10, '/media/usb': 10 }) }));
    const one = runFor(0, (now) => ({ slow: slow(now, { '/': 10 }) }), {
      alerts: both.alerts,
      now: both.now + SECOND,
    });
    expect(find(one.alerts, 'disk-nearly-full', '/media/usb')).toBeUndefined();
    expect(alertStatesChanged(both.alerts, one.alerts)).toBe(true);
    const same = runFor(0, (now) => ({ slow: slow(now, { '/': 12 }) }), {
      alerts: one.alerts,
      now: one.now + SECOND,
    });
    expect(alertStatesChanged(one.alerts, same.alerts)).toBe(false);
    // Crossing the threshold is news before the alert fires: views show it as a warning.
    const over = runFor(0, (now) => ({ slow: slow(now, { '/': 95 }) }), {
      alerts: same.alerts,
      now: same.now + SECOND,
    });
    expect(alertStatesChanged(same.alerts, over.alerts)).toBe(true);
  });
});
