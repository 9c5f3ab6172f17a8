import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '@shared/contract/sync';
import ClinicHostsView from '../../../../renderer/src/features/clinic-hosts/ClinicHostsView.vue';
import { HOST_API } from '../../../../renderer/src/host/host-api';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { fakeHostApi } from '../fake-host-api';
import {
  CLINIC,
  MINUTE,
  NEW_PC,
  OWN,
  RECEPTION,
  SERVER_NOW,
  hosts,
  minuteHistory,
  status,
} from './fixtures';

type Answer = (request: unknown) => unknown;
const listOk = () => ({
  ok: true,
  value: { outcome: 'ok', status: 200, body: { serverTime: SERVER_NOW, hosts: hosts() } },
});
const unreachable = () => ({
  ok: true,
  value: { outcome: 'unreachable', reason: 'network', message: 'fetch failed', retryAfterMs: 1000 },
});

function setup(
  answers: { status?: SyncStatus; listHosts?: Answer; history?: Answer } = {},
  languages = ['en-GB'],
) {
  const fake = fakeHostApi({
    'sync.getStatus': () => ({ ok: true, value: answers.status ?? status() }),
    'sync.listHosts': answers.listHosts ?? listOk,
    'sync.getHostHistory':
      answers.history ??
      ((request) => {
        const { deviceId, to } = request as { deviceId: string; to: number };
        return {
          ok: true,
          value: { outcome: 'ok', status: 200, body: minuteHistory(deviceId, to) },
        };
      }),
  });
  const view = mount(ClinicHostsView, {
    attachTo: document.body,
    global: {
      plugins: [createPinia(), createAppI18n({ getItem: () => null }, languages)],
      provide: { [HOST_API as symbol]: fake.api },
      // Charts are tested as pure options; here only the view around them.
      stubs: { EChart: true },
    },
  });
  return { fake, view };
}

const rows = (view: ReturnType<typeof setup>['view']) => view.findAll('[data-testid=clinic-host]');
const cell = (row: ReturnType<typeof rows>[number], id: string) =>
  row.get(`[data-testid=clinic-host-${id}]`).text().replace(/\s+/g, ' ');

describe('clinic PCs view', () => {
  beforeEach(() => {
    window.localStorage.clear();
    // The server's clock and this PC's agree, so "last seen" reads as the server says.
    vi.useFakeTimers({ now: SERVER_NOW, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('lists every PC with its status in words, when it was last seen and its latest figures', async () => {
    const { view } = setup();
    await flushPromises();
    const list = rows(view);
    expect(list.map((row) => row.attributes('data-device-id'))).toEqual([OWN, RECEPTION, NEW_PC]);
    expect(list.map((row) => row.attributes('data-status'))).toEqual(['up', 'stale', 'unknown']);
    const [own, reception, fresh] = list;
    expect(own!.get('th').text()).toContain('Front desk');
    expect(own!.get('th').text()).toContain('(this PC)');
    expect(cell(own!, 'status')).toBe('● Up');
    expect(cell(own!, 'last-seen')).toBe('30 seconds ago');
    expect(cell(own!, 'cpu')).toBe('23%');
    expect(cell(own!, 'memory')).toBe('62%');
    expect(cell(own!, 'disk')).toBe('/: 40% used');

    // Without a name, the PC goes by its computer name.
    expect(cell(reception!, 'name')).toBe('reception-pc');
    expect(cell(reception!, 'status')).toBe('! Not reporting');
    expect(cell(reception!, 'last-seen')).toBe('10 minutes ago');
    expect(cell(reception!, 'cpu')).toBe('71%');
    expect(cell(reception!, 'disk')).toBe('/data: 93% used (Nearly full)');
    expect(reception!.get('[data-testid=clinic-host-disk]').attributes('data-level')).toBe(
      'critical',
    );

    expect(cell(fresh!, 'status')).toBe('? Never reported');
    expect(cell(fresh!, 'last-seen')).toBe('Never');
    expect(cell(fresh!, 'cpu')).toBe('—');
    expect(view.find('[data-testid=clinic-hosts-problem]').exists()).toBe(false);
    view.unmount();
  });

  it('says in Spanish what each status means', async () => {
    const { view } = setup({}, ['es-ES']);
    await flushPromises();
    expect(rows(view).map((row) => cell(row, 'status'))).toEqual([
      '● Activo',
      '! Sin informar',
      '? Nunca ha informado',
    ]);
    expect(view.get('h1').text()).toBe('Equipos de la clínica');
    view.unmount();
  });

  it('keeps showing the last list, dated, when the server cannot be reached', async () => {
    let answer: Answer = listOk;
    const { view, fake } = setup({ listHosts: (request) => answer(request) });
    await flushPromises();
    expect(rows(view)).toHaveLength(3);

    answer = unreachable;
    await view.get('[data-testid=clinic-hosts-refresh]').trigger('click');
    await flushPromises();
    expect(fake.calls.filter((call) => call.method === 'sync.listHosts')).toHaveLength(2);
    const problem = view.get('[data-testid=clinic-hosts-problem]');
    expect(problem.attributes('data-problem')).toBe('unreachable');
    expect(problem.text()).toContain('The clinic server cannot be reached.');
    expect(problem.text()).toContain('Showing the list from');
    expect(rows(view)).toHaveLength(3);
    view.unmount();
  });

  it('shows the list kept from the last time when the server is out of reach at start', async () => {
    const first = setup();
    await flushPromises();
    first.view.unmount();

    const { view } = setup({ listHosts: unreachable });
    await flushPromises();
    expect(view.get('[data-testid=clinic-hosts-problem]').text()).toContain(
      'Showing the list from',
    );
    expect(rows(view).map((row) => row.attributes('data-status'))).toEqual([
      'up',
      'stale',
      'unknown',
    ]);
    view.unmount();
  });

  it('never shows a list kept for another clinic', async () => {
    setup().view.unmount();
    await flushPromises();
    const other = status({ clinicId: '0190f5c2-0000-7000-8000-0000000000ff' });
    const { view } = setup({ status: other, listHosts: unreachable });
    await flushPromises();
    expect(rows(view)).toHaveLength(0);
    expect(view.get('[data-testid=clinic-hosts-problem]').text()).not.toContain('Showing');
    view.unmount();
  });

  it('says why it cannot show anything on a device not paired as staff, and asks nothing', async () => {
    const { view, fake } = setup({
      status: status({ role: 'patient', patientId: CLINIC }),
    });
    await flushPromises();
    expect(view.get('[data-testid=clinic-hosts-not-staff]').text()).toContain('staff device');
    expect(fake.calls.map((call) => call.method)).not.toContain('sync.listHosts');
    view.unmount();
  });

  it('tells a PC the server no longer knows to pair again', async () => {
    const { view } = setup({
      listHosts: () => ({
        ok: true,
        value: {
          outcome: 'error',
          status: 401,
          body: { error: { code: 'UNAUTHENTICATED', message: 'Unknown token' } },
        },
      }),
    });
    await flushPromises();
    expect(view.get('[data-testid=clinic-hosts-problem]').text()).toContain('Pair it again');
    view.unmount();
  });

  it('shows a picked PC’s history from the server, by period, and hides it again', async () => {
    const { view, fake } = setup();
    await flushPromises();
    const button = rows(view)[1]!.get('[data-testid=clinic-host-show-history]');
    expect(button.attributes('aria-label')).toBe('Show history of reception-pc');
    await button.trigger('click');
    // The history and its charts are a chunk of their own, loaded on the first pick.
    await vi.dynamicImportSettled();
    await flushPromises();
    const asked = fake.calls.filter((call) => call.method === 'sync.getHostHistory');
    expect(asked.at(-1)?.request).toEqual({
      deviceId: RECEPTION,
      from: SERVER_NOW - 60 * MINUTE,
      to: SERVER_NOW,
      step: '1m',
    });
    expect(button.attributes('aria-pressed')).toBe('true');
    const history = view.get('[data-testid=clinic-host-history]');
    expect(history.get('h2').text()).toBe('History of reception-pc');
    const charts = view.get('[data-testid=clinic-host-charts]');
    expect(charts.attributes('data-step')).toBe('1m');
    expect(charts.attributes('data-points')).toBe('48');
    expect(charts.findAll('[data-testid^=host-chart-]')).toHaveLength(4);
    expect(view.get('[data-testid=clinic-host-reboots]').text()).toBe(
      'Restarted once in this period',
    );

    await view.get('[data-testid=clinic-host-range]').get('input[value=week]').setValue(true);
    await flushPromises();
    expect(fake.calls.at(-1)?.request).toMatchObject({
      deviceId: RECEPTION,
      from: SERVER_NOW - 7 * 24 * 60 * MINUTE,
      step: '1h',
    });

    await button.trigger('click');
    await flushPromises();
    expect(view.find('[data-testid=clinic-host-history]').exists()).toBe(false);
    view.unmount();
  });
});
