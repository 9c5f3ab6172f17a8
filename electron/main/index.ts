import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  Menu,
  app,
  ipcMain,
  net,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { hostContract } from '@shared/contract/host-contract';
import { createHost } from './api/create-host';
import { serveOverIpc } from './ipc/ipc-host';
import { repairIndexedDbLogs } from './services/leveldb-log-repair';
import { createLogger } from './services/logger';
import { tokenFile } from './services/sync/create-sync-service';
import { fitToDisplays, loadWindowState, saveWindowState } from './services/window-state';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  registerAppScheme,
  serveAppProtocol,
} from './shell/app-protocol';
import { buildMenuTemplate, menuLabels } from './shell/menu';
import { createSafeStorageSecretStore } from './shell/safe-storage-secret-store';
import { utilitySampler } from './shell/utility-sampler';
import { denyPermissions, hardenWebContents } from './shell/web-security';
import { mainWindowOptions } from './shell/window-options';

// Wiring only: every decision lives in a module that is tested without Electron.
const here = path.dirname(fileURLToPath(import.meta.url));
const logger = createLogger();
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const trustedOrigins = devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN];
let mainWindow: BrowserWindow | null = null;

// A separate profile folder, for tests and for running two profiles side by side.
if (process.env.HEALTHDESK_USER_DATA)
  app.setPath('userData', path.resolve(process.env.HEALTHDESK_USER_DATA));
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, trustedOrigins, (url) => shell.openExternal(url));
  });
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: unknown) => {
    logger.error('HealthDesk could not start', { error: String(error) });
    app.exit(1);
  });
}

/**
 * A crash while the database was writing can leave a torn record at the end of its log, which
 * Chromium would otherwise turn into the loss of the whole database (see leveldb-log-repair).
 */
function repairDatabaseLogs(indexedDbDir: string): void {
  try {
    const report = repairIndexedDbLogs(indexedDbDir);
    for (const repair of report.repaired)
      logger.warn('Removed a record left unfinished by a crash from the database log', {
        ...repair,
      });
    for (const file of report.damaged)
      logger.error('The database log is damaged before its end', { file });
  } catch (error) {
    logger.error('Could not check the database logs', { error: String(error) });
  }
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  await mkdir(dataDir, { recursive: true });
  // Before any window: no Chromium process has the database open yet.
  repairDatabaseLogs(path.join(dataDir, 'IndexedDB'));
  denyPermissions(session.defaultSession);
  serveAppProtocol(protocol, path.join(here, '../renderer'));

  const host = createHost({
    runtime: 'electron',
    name: app.getName(),
    version: app.getVersion(),
    dataDir,
    logger,
    openExternal: async (url) => {
      await shell.openExternal(url);
      return true;
    },
    secretStore: createSafeStorageSecretStore(safeStorage, tokenFile(dataDir)),
    // Chromium's network stack: the OS's certificate store (a clinic's own CA) and proxy settings.
    fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
    launchSampler: utilitySampler(utilityProcess, here),
  });
  serveOverIpc({
    ipcMain,
    contract: hostContract,
    dispatcher: host.dispatcher,
    events: host.events,
    trustedOrigins,
  });

  const labels = menuLabels(app.getLocale());
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(process.platform, labels, {
        developerTools: !app.isPackaged,
        showAbout: () => host.events.emit('app.menuCommand', { command: 'show-about' }),
      }),
    ),
  );

  const stateFile = path.join(dataDir, 'window-state.json');
  const saved = fitToDisplays(
    await loadWindowState(stateFile),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow(
    mainWindowOptions(path.join(here, '../preload/index.cjs'), saved),
  );
  mainWindow = window;
  if (saved.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    try {
      saveWindowState(stateFile, { ...bounds, maximized: window.isMaximized() });
    } catch (error) {
      logger.warn('Could not remember the window position', { error: String(error) });
    }
  });
  window.on('closed', () => {
    mainWindow = null;
  });
  // Quitting waits for the host to write the minute of history in progress, two seconds at most.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    const atMost = new Promise((resolve) => setTimeout(resolve, 2000));
    void Promise.race([host.close(), atMost]).finally(() => {
      closed = true;
      app.quit();
    });
  });
  await window.loadURL(devServerUrl ?? APP_ENTRY_URL);
}
