import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostAlert, TopProcesses } from '@shared/contract/host-metrics';
import { createHostHistory } from '../../../../electron/main/host-monitor/history/host-history';
import type { HostMonitor } from '../../../../electron/main/host-monitor/host-monitor';
import { startHostMonitor } from '../../../../electron/main/host-monitor/host-monitor';
import { createMemoryLogger } from '../../../../electron/main/services/logger';
import { createFakeClock } from '../../../helpers/fake-clock';
import { testHistoryFs } from '../../../helpers/test-history-fs';
import { fakeMachine, fakeProbes } from '../../../helpers/fake-probes';
import { inProcessSampler } from '../../../helpers/in-process-sampler';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function setup() {
  const clock = createFakeClock(Date.UTC(2026, 0, 5, 10, 0, 0));
  const machine = fakeMachine();
  const sampler = inProcessSampler(fakeProbes(machine), clock);
  const logger = createMemoryLogger();
  const monitor = startHostMonitor({
    launchSampler: sampler,
    history: createHostHistory({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'hd-monitor-')),
      fs: testHistoryFs(),
      clock,
      logger,
    }),
    clock,
    logger,
    hostname: 'front-desk-1',
    platform: 'linux',
  });
  const changes: HostAlert[][] = [];
  monitor.onAlerts((alerts) => changes.push(alerts));
  const state = (ruleId: string, subject: string | null = null) =>
    monitor
      .getSnapshot()
      .alerts.find((alert) => alert.ruleId === ruleId && alert.subject === subject)?.state;
  return { clock, machine, sampler, logger, monitor, changes, state };
}

describe('host monitor', () => {
  let monitor: HostMonitor | undefined;
  afterEach(async () => {
    await monitor?.close();
  });

  it('serves the latest sample, slow metrics and probe states in its snapshot', async () => {
    const t = setup();
    monitor = t.monitor;
    // Nobody watches live: the first five samples come together after five seconds.
    await t.clock.advance(5 * SECOND + 500);
    const snapshot = t.monitor.getSnapshot();
    expect(snapshot).toMatchObject({
      hostname: 'front-desk-1',
      platform: 'linux',
      sampler: { state: 'running', fastIntervalMs: 1000, slowIntervalMs: 30_000 },
    });
    expect(snapshot.latest?.cpu?.cores).toHaveLength(4);
    expect(snapshot.slow?.fileSystems?.[0]?.mount).toBe('/');
    expect(snapshot.probes.map((probe) => probe.state)).not.toContain('unavailable');
    expect(t.monitor.getRecentSamples(60).samples).toHaveLength(5);
  });

  it('passes each sample on at once while a live view listens, in batches otherwise', async () => {
    const t = setup();
    monitor = t.monitor;
    await t.clock.advance(3 * SECOND + 500);
    expect(t.monitor.getRecentSamples(60).samples).toHaveLength(0);
    const live: number[] = [];
    const stop = t.monitor.onSample((sample) => live.push(sample.t));
    // What waited comes as soon as the view opens, then one sample a second.
    await t.clock.advance(0);
    expect(live).toHaveLength(3);
    await t.clock.advance(2 * SECOND);
    expect(live).toHaveLength(5);
    stop();
    await t.clock.advance(3 * SECOND);
    expect(t.monitor.getRecentSamples(60).samples).toHaveLength(5);
    await t.clock.advance(2 * SECOND);
    expect(t.monitor.getRecentSamples(60).samples).toHaveLength(10);
    expect(live).toHaveLength(5);
  });

  it('fires the CPU rule from a fake probe after ten busy minutes, and tells listeners', async () => {
    const t = setup();
    monitor = t.monitor;
    await t.clock.advance(5 * SECOND);
    expect(t.state('cpu-saturated')).toBe('ok');
    t.machine.cpuBusy = 99;
    await t.clock.advance(9 * MINUTE);
    expect(t.state('cpu-saturated')).toBe('ok');
    await t.clock.advance(MINUTE + 5 * SECOND);
    expect(t.state('cpu-saturated')).toBe('firing');
    const last = t.changes.at(-1)?.find((alert) => alert.ruleId === 'cpu-saturated');
    expect(last).toMatchObject({ state: 'firing', value: 99 });
    t.machine.cpuBusy = 20;
    // Within one batch of samples.
    await t.clock.advance(6 * SECOND);
    expect(t.state('cpu-saturated')).toBe('ok');
  });

  it('times a rule by when its readings were taken, not by when their batch arrived', async () => {
    const t = setup();
    monitor = t.monitor;
    const start = t.clock.now();
    await t.clock.advance(5 * SECOND + 500);
    t.machine.cpuBusy = 99;
    // The first busy reading is taken at 6 s and arrives with the batch of 10 s.
    await t.clock.advance(11 * MINUTE);
    const alert = t.monitor.getSnapshot().alerts.find((a) => a.ruleId === 'cpu-saturated');
    expect(alert?.state).toBe('firing');
    expect(alert?.since).toBe(start + 6 * SECOND + 10 * MINUTE);
  });

  it('fires the memory and disk rules from fake probes', async () => {
    const t = setup();
    monitor = t.monitor;
    t.machine.memoryAvailable = 0.03 * t.machine.memoryTotal;
    t.machine.diskUsedPercent = { '/': 93, '/data': 10 };
    await t.clock.advance(2 * MINUTE + 5 * SECOND);
    expect(t.state('memory-low')).toBe('firing');
    expect(t.state('disk-nearly-full', '/')).toBe('ok');
    await t.clock.advance(4 * MINUTE);
    expect(t.state('disk-nearly-full', '/')).toBe('firing');
    expect(t.state('disk-nearly-full', '/data')).toBe('ok');
  });

  it('makes alerts unknown while a probe fails, and logs the failure once', async () => {
    const t = setup();
    monitor = t.monitor;
    await t.clock.advance(5 * SECOND);
    t.machine.failing.add('memory');
    await t.clock.advance(20 * SECOND);
    expect(t.state('memory-low')).toBe('unknown');
    expect(t.state('cpu-saturated')).toBe('ok');
    expect(t.monitor.getSnapshot().probes.find((probe) => probe.name === 'memory')?.state).toBe(
      'unavailable',
    );
    expect(
      t.logger.lines.filter((line) => line.message.startsWith('A host probe is unavailable')),
    ).toHaveLength(1);
    t.machine.failing.clear();
    await t.clock.advance(2 * SECOND);
    expect(t.state('memory-low')).toBe('ok');
  });

  it('restarts a crashed sampler, and fires the stale rule while none can start', async () => {
    const t = setup();
    monitor = t.monitor;
    await t.clock.advance(5 * SECOND);
    t.sampler.failLaunch = true;
    t.sampler.current()?.crash();
    expect(t.monitor.getSnapshot().sampler.state).toBe('restarting');
    await t.clock.advance(35 * SECOND);
    expect(t.state('sampler-stale')).toBe('firing');
    expect(t.state('cpu-saturated')).toBe('unknown');
    t.sampler.failLaunch = false;
    await t.clock.advance(40 * SECOND);
    expect(t.monitor.getSnapshot().sampler.state).toBe('running');
    expect(t.state('sampler-stale')).toBe('ok');
    expect(t.sampler.launched).toBeGreaterThanOrEqual(3);
  });

  it('reads top processes only while someone listens', async () => {
    const t = setup();
    monitor = t.monitor;
    const seen: TopProcesses[] = [];
    await t.clock.advance(10 * SECOND);
    const stop = t.monitor.onProcesses((processes) => seen.push(processes));
    await t.clock.advance(11 * SECOND);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    stop();
    const count = seen.length;
    await t.clock.advance(30 * SECOND);
    expect(seen).toHaveLength(count);
  });
});
