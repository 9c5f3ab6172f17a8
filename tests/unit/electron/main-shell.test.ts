import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hostContract } from '@shared/contract/host-contract';
import type { FakeElectron } from '../../helpers/fake-electron';

const fake = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('../../helpers/fake-electron');
  return createFakeElectron();
});
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { calls, userData }: FakeElectron = fake;

beforeAll(async () => {
  await import('../../../electron/main/index');
  await vi.waitFor(() => expect(calls.windows[0]?.loadedUrl).toBeTruthy());
});

describe('Electron main process', () => {
  it('starts the host sampler as a utility process, from beside the main bundle', () => {
    expect(calls.utilityProcesses).toEqual([
      path.join(path.resolve(import.meta.dirname, '../../../electron/main'), 'sampler-process.js'),
    ]);
  });

  it('serves the renderer from a privileged, standard and secure custom scheme', () => {
    expect(calls.privilegedSchemes).toEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({
          standard: true,
          secure: true,
          supportFetchAPI: true,
        }) as unknown,
      },
    ]);
    expect(calls.windows[0]?.loadedUrl).toBe('app://healthdesk/index.html');
  });

  it('creates a sandboxed, context-isolated window without Node in the page', () => {
    const prefs = calls.windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('registers a handler for every contract method, behind the fixed prefix', () => {
    for (const method of Object.keys(hostContract.methods)) {
      expect(calls.ipcHandlers.has(`hd:${method}`), method).toBe(true);
    }
    for (const channel of calls.ipcHandlers.keys()) expect(channel.startsWith('hd:')).toBe(true);
  });

  it('refuses IPC calls from a foreign page or a subframe', async () => {
    const handler = calls.ipcHandlers.get('hd:app.getInfo');
    const sender = {
      id: 5,
      send: () => undefined,
      isDestroyed: () => false,
      once: () => undefined,
    };
    const foreign = await handler?.({
      sender,
      senderFrame: { url: 'https://evil.example/', parent: null },
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const subframe = await handler?.({
      sender,
      senderFrame: { url: 'app://healthdesk/index.html', parent: {} },
    });
    expect(subframe).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const own = await handler?.({
      sender,
      senderFrame: { url: 'app://healthdesk/index.html', parent: null },
    });
    expect(own).toMatchObject({
      ok: true,
      value: { runtime: 'electron', version: '1.2.3', dataDir: userData },
    });
  });

  it('denies every permission a page asks for', () => {
    const decisions: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      calls.permissionRequestHandler?.({}, permission, (granted: boolean) =>
        decisions.push(granted),
      );
    }
    expect(decisions).toEqual([false, false, false, false]);
    expect(calls.permissionCheckHandler?.({}, 'media')).toBe(false);
  });

  it('blocks navigation away from the app and opens only https links outside it', async () => {
    const contents = calls.windows[0]!.webContents;
    const navigate = (url: string) => {
      const event = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      contents.emit('will-navigate', event, url);
      return event.defaultPrevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://healthdesk/index.html#/about')).toBe(false);

    expect(contents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(calls.openedExternally).toEqual(['https://example.org/']));
  });

  it('answers app:// requests with the Content-Security-Policy and never outside the renderer', async () => {
    const handler = calls.protocolHandlers.get('app');
    const traversal = await handler?.(new Request('app://healthdesk/..%2f..%2fpackage.json'));
    expect(traversal?.status).toBe(404);
    const foreignHost = await handler?.(new Request('app://elsewhere/index.html'));
    expect(foreignHost?.status).toBe(404);
    const page = await handler?.(new Request('app://healthdesk/index.html'));
    expect(page?.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('builds a native menu in the user’s language whose About item reaches the renderer', () => {
    const template = calls.menuTemplate as {
      label?: string;
      role?: string;
      submenu?: { label?: string; click?: () => void }[];
    }[];
    expect(template.map((item) => item.label ?? item.role)).toContain('Ayuda');
    const help = template.find((item) => item.role === 'help');
    expect(help?.submenu?.[0]?.label).toBe('Acerca de este equipo');
  });

  it('remembers the window bounds when the window closes', () => {
    calls.windows[0]!.emit('close');
    const saved = JSON.parse(
      readFileSync(path.join(userData, 'window-state.json'), 'utf8'),
    ) as unknown;
    expect(saved).toEqual({ x: 10, y: 20, width: 1111, height: 777, maximized: false });
  });

  // Last: it stops the host.
  it('lets the host write its history before the app quits, then quits', async () => {
    let prevented = 0;
    const quitsBefore = calls.quit;
    const quitting = { preventDefault: () => prevented++ };
    fake.electron.app.emit('before-quit', quitting);
    expect(prevented).toBe(1);
    await vi.waitFor(() => expect(calls.quit).toBe(quitsBefore + 1));
    fake.electron.app.emit('before-quit', quitting);
    expect(prevented).toBe(1);
  });
});
