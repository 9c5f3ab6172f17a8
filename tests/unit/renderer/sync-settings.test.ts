import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { DATABASE } from '../../../renderer/src/db/provide';
import SyncSettings from '../../../renderer/src/features/sync/SyncSettings.vue';
import { HOST_API } from '../../../renderer/src/host/host-api';
import { createAppI18n } from '../../../renderer/src/i18n';
import { useSyncStore } from '../../../renderer/src/stores/sync';
import { openTestDb } from '../../helpers/test-db';
import { fakeHostApi } from './fake-host-api';

const notPaired = {
  paired: false,
  serverUrl: null,
  insecureLan: false,
  deviceId: null,
  deviceName: null,
  clinicId: null,
  patientId: null,
  role: null,
  serverEpoch: null,
  pairedAt: null,
  tokenStorage: { secure: false, backend: 'file' },
  connection: 'unknown',
  lastSuccessAt: null,
  lastError: null,
  consecutiveFailures: 0,
};

async function mountSettings(pair: (request: unknown) => unknown) {
  const host = fakeHostApi({
    'sync.getStatus': () => ({ ok: true, value: notPaired }),
    'sync.pair': pair,
  });
  const pinia = createPinia();
  const db = await openTestDb('sync-settings');
  const wrapper = mount(SyncSettings, {
    global: {
      plugins: [pinia, createAppI18n({ getItem: () => null }, ['en'])],
      provide: { [HOST_API as symbol]: host.api, [DATABASE as symbol]: db },
    },
  });
  await useSyncStore(pinia).start();
  await flushPromises();
  return { wrapper, host };
}

async function submit(wrapper: Awaited<ReturnType<typeof mountSettings>>['wrapper'], code: string) {
  await wrapper.get('[data-testid=pair-server]').setValue('https://clinic.example');
  await wrapper.get('[data-testid=pair-code]').setValue(code);
  await wrapper.get('[data-testid=pairing-form]').trigger('submit');
  await flushPromises();
}

describe('pairing this PC with the clinic', () => {
  it('explains a code that is not 8 digits without asking the server', async () => {
    const { wrapper, host } = await mountSettings(() => {
      throw new Error('must not be called');
    });
    await submit(wrapper, '1234 567');
    expect(wrapper.get('[data-testid=pair-code-error]').text()).toBe('A pairing code is 8 digits.');
    expect(host.calls.map((call) => call.method)).not.toContain('sync.pair');
  });

  it('says what to do when the code is unknown or used, keeping what was typed', async () => {
    const { wrapper, host } = await mountSettings(() => ({
      ok: true,
      value: { outcome: 'refused', code: 'PAIRING_CODE_INVALID', message: 'Unknown code' },
    }));
    await submit(wrapper, '1234 5678');
    expect(host.calls.find((call) => call.method === 'sync.pair')?.request).toEqual({
      serverUrl: 'https://clinic.example',
      code: '12345678',
    });
    expect(wrapper.get('[data-testid=pair-problem]').text()).toContain(
      'Ask the clinic for a new one',
    );
    expect((wrapper.get('[data-testid=pair-server]').element as HTMLInputElement).value).toBe(
      'https://clinic.example',
    );
  });

  it('asks for the LAN choice when the address is not https', async () => {
    const { wrapper } = await mountSettings(() => ({
      ok: true,
      value: { outcome: 'insecure-url', message: 'http is not allowed' },
    }));
    await submit(wrapper, '12345678');
    expect(wrapper.get('[data-testid=pair-problem]').text()).toContain('must start with https://');
  });
});
