import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createApp } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOST_API } from '../../../../renderer/src/host/host-api';
import { useHostHealthStore } from '../../../../renderer/src/stores/host-health';
import { useHostHistoryStore } from '../../../../renderer/src/stores/host-history';
import { useHostLiveStore } from '../../../../renderer/src/stores/host-live';
import { fakeHostApi } from '../fake-host-api';
import { T0, alert, dayHistory, samples, snapshot } from '../host-fixtures';

/** Stores get the host API by injection: Pinia runs them in the app that provides the fake. */
function withApi(fake: ReturnType<typeof fakeHostApi>): void {
  const app = createApp({});
  const pinia = createPinia();
  app.use(pinia);
  app.provide(HOST_API, fake.api);
  setActivePinia(pinia);
}

describe('live samples store', () => {
  let fake: ReturnType<typeof fakeHostApi>;
  beforeEach(() => {
    fake = fakeHostApi({
      'host.getRecentSamples': () => ({ ok: true, value: { samples: samples(5) } }),
    });
    withApi(fake);
  });

  it('subscribes only while a view holds it, and starts from the last hour', async () => {
    const live = useHostLiveStore();
    expect(fake.listening('host.sample')).toBe(0);
    live.start();
    live.start();
    expect(fake.listening('host.sample')).toBe(1);
    fake.emit('host.sample', samples(7)[6]);
    await flushPromises();
    expect(live.samples.map((s) => s.t - T0)).toEqual([0, 1000, 2000, 3000, 4000, 6000]);
    expect(live.status).toBe('live');
    live.stop();
    expect(fake.listening('host.sample')).toBe(1);
    live.stop();
    expect(fake.listening('host.sample')).toBe(0);
    expect(live.samples).toEqual([]);
  });

  it('shows the chosen window and freezes it while paused', async () => {
    const live = useHostLiveStore();
    live.start();
    await flushPromises();
    for (const sample of samples(120).slice(5)) fake.emit('host.sample', sample);
    expect(live.visible.samples).toHaveLength(60);
    expect(live.visible.to).toBe(T0 + 119_000);
    live.pause();
    for (const sample of samples(130, { from: T0 }).slice(120)) fake.emit('host.sample', sample);
    expect(live.visible.to).toBe(T0 + 119_000);
    live.windowSeconds = 300;
    expect(live.visible.samples).toHaveLength(120);
    live.resume();
    expect(live.visible.to).toBe(T0 + 129_000);
    expect(live.samples).toHaveLength(130);
  });

  it('drops a parsed-out sample that does not match the contract', async () => {
    const live = useHostLiveStore();
    live.start();
    await flushPromises();
    fake.emit('host.sample', { t: 'yesterday' });
    expect(live.samples).toHaveLength(5);
  });
});

describe('health store', () => {
  it('loads the snapshot and follows alert changes while held', async () => {
    const fake = fakeHostApi({ 'host.getSnapshot': () => ({ ok: true, value: snapshot() }) });
    withApi(fake);
    const health = useHostHealthStore();
    health.start();
    await flushPromises();
    expect(health.status).toBe('ready');
    expect(health.snapshot?.hostname).toBe('front-desk-1');
    fake.emit('host.alerts', { alerts: [alert({ state: 'firing', value: 99 })] });
    expect(health.alerts[0]?.state).toBe('firing');
    health.stop();
    expect(fake.listening('host.alerts')).toBe(0);
  });
});

describe('health store refreshes', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks again soon while the host has no slow metrics yet, then every 30 seconds', async () => {
    vi.useFakeTimers();
    let answers = 0;
    const fake = fakeHostApi({
      'host.getSnapshot': () => ({
        ok: true,
        value: snapshot({ slow: ++answers === 1 ? null : snapshot().slow }),
      }),
    });
    withApi(fake);
    const health = useHostHealthStore();
    health.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(health.snapshot?.slow).toBeNull();
    await vi.advanceTimersByTimeAsync(2000);
    expect(health.snapshot?.slow?.fileSystems).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(answers).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(answers).toBe(3);
    health.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(answers).toBe(3);
  });
});

describe('history store', () => {
  it('asks for the chosen period and keeps only the answer to the latest request', async () => {
    let answers = 0;
    const fake = fakeHostApi({
      'host.getHistory': () => {
        answers++;
        return { ok: true, value: { ...dayHistory(), stepMs: answers * 600_000 } };
      },
    });
    withApi(fake);
    const history = useHostHistoryStore();
    const first = history.load('day', T0);
    const second = history.load('week', T0);
    await Promise.all([first, second]);
    expect(fake.calls.map((call) => call.request)).toEqual([
      { from: T0 - 86_400_000, to: T0, stepMs: 60_000 },
      { from: T0 - 7 * 86_400_000, to: T0, stepMs: 600_000 },
    ]);
    expect(history.range).toBe('week');
    expect(history.history?.stepMs).toBe(1_200_000);
  });
});
