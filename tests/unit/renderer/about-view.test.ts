import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import AboutView from '../../../renderer/src/features/about/AboutView.vue';
import { HOST_API } from '../../../renderer/src/host/host-api';
import { createAppI18n } from '../../../renderer/src/i18n';
import { fakeHostApi } from './fake-host-api';

const appInfo = {
  name: 'HealthDesk',
  version: '1.0.0',
  platform: 'linux',
  arch: 'x64',
  runtime: 'browser',
  dataDir: '/data',
};
const staticInfo = {
  cpu: { brand: 'Ryzen 5', manufacturer: 'AMD', cores: 12, physicalCores: 6, speedGHz: 3.6 },
  memory: { totalBytes: 16 * 1024 ** 3 },
  os: {
    platform: 'linux',
    distro: 'Debian GNU/Linux',
    release: '12',
    arch: 'x64',
    hostname: 'front-desk-1',
  },
  disks: [{ name: 'nvme0n1', type: 'NVMe', sizeBytes: 512 * 1024 ** 3 }],
};

function mountAbout(api: ReturnType<typeof fakeHostApi>['api'], languages = ['en-GB']) {
  return mount(AboutView, {
    global: {
      plugins: [createPinia(), createAppI18n({ getItem: () => null }, languages)],
      provide: { [HOST_API as symbol]: api },
    },
  });
}

describe('About this PC', () => {
  it('shows the PC and the app as the host reports them', async () => {
    const { api } = fakeHostApi({
      'app.getInfo': () => ({ ok: true, value: appInfo }),
      'system.getStaticInfo': () => ({ ok: true, value: staticInfo }),
    });
    const view = mountAbout(api);
    await flushPromises();
    expect(view.get('[data-testid=about-hostname]').text()).toBe('front-desk-1');
    expect(view.get('[data-testid=about-cores]').text()).toBe('12 logical (6 physical)');
    expect(view.get('[data-testid=about-memory]').text()).toBe('16 GB');
    expect(view.get('[data-testid=about-runtime]').text()).toBe('Browser mode');
    expect(view.findAll('[data-testid=about-disk]')).toHaveLength(1);
  });

  it('speaks Spanish to a Spanish-speaking user', async () => {
    const { api } = fakeHostApi({
      'app.getInfo': () => ({ ok: true, value: appInfo }),
      'system.getStaticInfo': () => ({ ok: true, value: staticInfo }),
    });
    const view = mountAbout(api, ['es-MX', 'en']);
    await flushPromises();
    expect(view.get('h1').text()).toBe('Acerca de este equipo');
    expect(view.get('[data-testid=about-cores]').text()).toBe('12 lógicos (6 físicos)');
  });

  it('explains a failure in plain words and offers to try again', async () => {
    let attempts = 0;
    const { api } = fakeHostApi({
      'app.getInfo': () => ({ ok: true, value: appInfo }),
      'system.getStaticInfo': () =>
        ++attempts === 1
          ? { ok: false, error: { code: 'TIMEOUT', message: 'slow' } }
          : { ok: true, value: staticInfo },
    });
    const view = mountAbout(api);
    await flushPromises();
    expect(view.get('[data-testid=about-error]').text()).toContain('took too long to answer');
    await view.get('[data-testid=about-error] button').trigger('click');
    await flushPromises();
    expect(view.get('[data-testid=about-hostname]').text()).toBe('front-desk-1');
  });

  it('treats a malformed answer from the host as an error, not as data', async () => {
    const { api } = fakeHostApi({
      'app.getInfo': () => ({ ok: true, value: { ...appInfo, runtime: 'toaster' } }),
      'system.getStaticInfo': () => ({ ok: true, value: staticInfo }),
    });
    const view = mountAbout(api);
    await flushPromises();
    expect(view.get('[data-testid=about-error]').text()).toContain(
      'Something went wrong inside HealthDesk',
    );
  });
});
