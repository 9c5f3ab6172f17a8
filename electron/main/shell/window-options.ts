import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from '../services/window-state';

/** The one place that decides how the main window is locked down. */
export function mainWindowOptions(
  preloadPath: string,
  bounds: WindowBounds,
  iconPath?: string,
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'HealthDesk',
    backgroundColor: '#f7f8fa',
    autoHideMenuBar: false,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  };
}
