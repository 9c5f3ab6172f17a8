import { describe, expect, it } from 'vitest';
import { hostContract } from '@shared/contract/host-contract';
import { serveOverIpc } from '../../../electron/main/ipc/ipc-host';
import { createFakeIpcPair } from '../../helpers/fake-ipc';
import { createTestHost } from '../../helpers/test-host';

function setup() {
  const test = createTestHost('electron');
  const pair = createFakeIpcPair();
  const stop = serveOverIpc({
    ipcMain: pair.ipcMain,
    contract: hostContract,
    dispatcher: test.host.dispatcher,
    events: test.host.events,
    trustedOrigins: ['app://healthdesk'],
  });
  return { ...test, pair, stop };
}

describe('IPC host', () => {
  it('checks the sender frame before anything else', async () => {
    const { pair, logger } = setup();
    const cases: ({ url: string; parent: unknown } | null)[] = [
      { url: 'https://evil.example/index.html', parent: null },
      { url: 'app://healthdesk.evil/index.html', parent: null },
      { url: 'app://healthdesk/index.html', parent: { url: 'app://healthdesk/' } },
      { url: 'not a url', parent: null },
      null,
    ];
    for (const frame of cases) {
      pair.setFrame(frame);
      expect(await pair.ipcRenderer.invoke('hd:app.getInfo')).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
      expect(await pair.ipcRenderer.invoke('hd:subscribe', 'app.menuCommand')).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
    }
    expect(logger.lines).toHaveLength(cases.length * 2);
  });

  it('refuses extra arguments', async () => {
    const { pair } = setup();
    expect(
      await pair.ipcRenderer.invoke('hd:app.openExternal', { url: 'https://a.example' }, 'more'),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('drops a window’s subscriptions when it is destroyed', async () => {
    const { pair, host } = setup();
    await pair.ipcRenderer.invoke('hd:subscribe', 'app.menuCommand');
    await pair.ipcRenderer.invoke('hd:subscribe', 'app.menuCommand');
    expect(host.events.listenerCount('app.menuCommand')).toBe(1);
    pair.destroy();
    expect(host.events.listenerCount('app.menuCommand')).toBe(0);
  });

  it('removes every handler when stopped', () => {
    const { pair, stop } = setup();
    expect(pair.channels().length).toBe(Object.keys(hostContract.methods).length + 2);
    stop();
    expect(pair.channels()).toEqual([]);
  });
});
