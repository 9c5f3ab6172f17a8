import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import HostHealthSummary from '../../../../renderer/src/features/host/HostHealthSummary.vue';
import HostView from '../../../../renderer/src/features/host/HostView.vue';
import { HOST_API } from '../../../../renderer/src/host/host-api';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { fakeHostApi } from '../fake-host-api';
import { T0, alert, dayHistory, samples, snapshot } from '../host-fixtures';

function setup(languages = ['en-GB'], alerts = snapshot().alerts) {
  const fake = fakeHostApi({
    'host.getSnapshot': () => ({ ok: true, value: snapshot({ alerts }) }),
    'host.getRecentSamples': () => ({ ok: true, value: { samples: samples(30) } }),
    'host.getHistory': () => ({ ok: true, value: dayHistory() }),
  });
  const mountWith = (component: typeof HostView) =>
    mount(component, {
      attachTo: document.body,
      global: {
        plugins: [createPinia(), createAppI18n({ getItem: () => null }, languages)],
        provide: { [HOST_API as symbol]: fake.api },
        // Charts are tested as pure options; here only the view around them.
        stubs: { EChart: true },
      },
    });
  return { fake, mountWith };
}

describe('host view', () => {
  it('shows the machine’s figures, storage with its level in words, and the summary', async () => {
    const { mountWith } = setup();
    const view = mountWith(HostView);
    await flushPromises();
    expect(view.get('[data-testid=host-cpu-cores]').attributes('data-cores')).toBe('2');
    expect(view.get('[data-testid=host-cpu-cores]').text()).toBe('2 cores');
    expect(view.get('[data-testid=host-memory-total]').text()).toBe('16 GB');
    expect(view.get('[data-testid=host-sample-time]').attributes('data-t')).toBe(
      String(T0 + 29_000),
    );
    const storage = view.findAll('[data-testid=host-fs]');
    expect(storage.map((fs) => [fs.attributes('data-mount'), fs.attributes('data-level')])).toEqual(
      [
        ['/', 'ok'],
        ['/data', 'critical'],
      ],
    );
    expect(storage[1]?.text()).toContain('Nearly full');
    expect(storage[1]?.get('[role=meter]').attributes('aria-valuetext')).toBe('93%, Nearly full');
    expect(view.get('[data-testid=host-health-summary]').text()).toContain('All good');
    expect(view.get('[data-testid=host-unmeasured]').text()).toBe(
      'Not measured on this PC: processor temperature.',
    );
    view.unmount();
  });

  it('updates with each new sample and stops listening when closed', async () => {
    const { mountWith, fake } = setup();
    const view = mountWith(HostView);
    await flushPromises();
    expect(fake.listening('host.sample')).toBe(1);
    fake.emit('host.sample', samples(40)[39]);
    await flushPromises();
    expect(view.get('[data-testid=host-sample-time]').attributes('data-t')).toBe(
      String(T0 + 39_000),
    );
    view.unmount();
    expect(fake.listening('host.sample')).toBe(0);
    expect(fake.listening('host.alerts')).toBe(0);
  });

  it('pauses and resumes from the keyboard', async () => {
    const { mountWith } = setup();
    const view = mountWith(HostView);
    await flushPromises();
    const pause = view.get('[data-testid=host-pause]');
    expect(pause.attributes('aria-pressed')).toBe('false');
    await pause.trigger('click');
    expect(view.get('[data-testid=host-paused]').text()).toContain('Paused');
    expect(pause.text()).toBe('Resume');
    await pause.trigger('click');
    expect(view.find('[data-testid=host-paused]').exists()).toBe(false);
    view.unmount();
  });

  it('lists top processes only while the table is shown', async () => {
    const { mountWith, fake } = setup();
    const view = mountWith(HostView);
    await flushPromises();
    expect(fake.listening('host.processes')).toBe(0);
    await view.get('[data-testid=host-processes-toggle]').trigger('click');
    expect(fake.listening('host.processes')).toBe(1);
    fake.emit('host.processes', {
      t: T0,
      processes: [
        {
          pid: 42,
          name: 'clinic-printer',
          user: 'desk',
          cpuPercent: 12.5,
          memPercent: 1,
          memRssBytes: 1024 ** 2,
        },
      ],
    });
    await flushPromises();
    expect(view.get('[data-testid=host-processes]').text()).toContain('clinic-printer');
    await view.get('[data-testid=host-processes-toggle]').trigger('click');
    expect(fake.listening('host.processes')).toBe(0);
    view.unmount();
  });

  it('switches to history and asks the host for the chosen period', async () => {
    const { mountWith, fake } = setup();
    const view = mountWith(HostView);
    await flushPromises();
    await view.get('input[value=history]').setValue(true);
    await flushPromises();
    expect(view.get('[data-testid=host-history]').attributes('data-tier')).toBe('minute');
    expect(view.get('[data-testid=host-history-gaps]').text()).toContain(
      'HealthDesk was not running',
    );
    await view.get('input[value=week]').setValue(true);
    await flushPromises();
    const asked = fake.calls.filter((call) => call.method === 'host.getHistory');
    expect(asked.map((call) => (call.request as { stepMs: number }).stepMs)).toEqual([
      10_000, 600_000,
    ]);
    view.unmount();
  });

  it('shows a firing alert as a banner, with words and a mark as well as colour', async () => {
    const firing = alert({
      ruleId: 'disk-nearly-full',
      metric: 'disk.usedPercent',
      subject: '/data',
      threshold: 90,
      forMs: 300_000,
      state: 'firing',
      value: 93,
    });
    const { mountWith } = setup(['en'], [firing]);
    const view = mountWith(HostView);
    await flushPromises();
    const banner = view.get('[data-testid=host-alert-firing]');
    expect(banner.attributes('role')).toBe('alert');
    expect(banner.text()).toContain('Alert: Disk /data more than 90% full for 5 min');
    expect(view.get('[data-testid=host-health-summary]').attributes('data-level')).toBe('critical');
    view.unmount();
  });
});

describe('host health summary', () => {
  it('speaks Spanish to a Spanish-speaking user', async () => {
    const firing = alert({
      ruleId: 'disk-nearly-full',
      metric: 'disk.usedPercent',
      subject: 'C:',
      state: 'firing',
      value: 93,
    });
    const { mountWith } = setup(['es-ES'], [firing]);
    const summary = mountWith(HostHealthSummary);
    await flushPromises();
    expect(summary.text()).toContain('Disco C:: 93\u00a0% lleno');
    summary.unmount();
  });
});
