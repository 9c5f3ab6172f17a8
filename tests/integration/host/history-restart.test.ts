import { afterEach, describe, expect, it } from 'vitest';
import type { HostHistory } from '@shared/contract/host-metrics';
import { hostHistorySchema } from '@shared/contract/host-metrics';
import { createTestHost } from '../../helpers/test-host';

type TestHost = ReturnType<typeof createTestHost>;

async function history(test: TestHost): Promise<HostHistory> {
  const now = Date.now();
  const result = await test.host.dispatcher.dispatch('host.getHistory', {
    from: now - 3600_000,
    to: now + 60_000,
    stepMs: 60_000,
  });
  if (!result.ok) throw new Error(result.error.message);
  return hostHistorySchema.parse(result.value);
}

async function samplesSeen(test: TestHost, count: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const result = await test.host.dispatcher.dispatch('host.getRecentSamples', {
          seconds: 3600,
        });
        return result.ok ? (result.value as { samples: unknown[] }).samples.length : 0;
      },
      { timeout: 20_000, interval: 100 },
    )
    .toBeGreaterThanOrEqual(count);
}

describe('host history across a restart', () => {
  const hosts: TestHost[] = [];
  afterEach(async () => {
    for (const test of hosts.splice(0)) await test.host.close();
  });

  it('keeps what the first host sampled when a new host starts on the same data folder', async () => {
    const first = createTestHost('browser', { hostMonitor: { settings: { fastIntervalMs: 200 } } });
    hosts.push(first);
    await samplesSeen(first, 5);
    const before = await history(first);
    const sampledBefore = before.points.reduce((sum, point) => sum + point.count, 0);
    expect(sampledBefore).toBeGreaterThanOrEqual(5);
    await first.host.close();
    hosts.pop();

    const second = createTestHost('browser', { dataDir: first.dataDir });
    hosts.push(second);
    // Before its own first sample, the new host already serves what the first one wrote.
    const after = await history(second);
    expect(after.tier).toBe('minute');
    const sampledAfter = after.points.reduce((sum, point) => sum + point.count, 0);
    expect(sampledAfter).toBeGreaterThanOrEqual(sampledBefore);
    expect(after.points[0]?.cpuPercent).not.toBeNull();
    expect(after.points[0]?.fileSystems.length).toBeGreaterThan(0);
  }, 40_000);
});
