import type { MenuItemConstructorOptions } from 'electron';

export interface MenuLabels {
  file: string;
  edit: string;
  view: string;
  window: string;
  help: string;
  about: string;
}

const LABELS: Record<'en' | 'es', MenuLabels> = {
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: 'About this PC',
  },
  es: {
    file: 'Archivo',
    edit: 'Edición',
    view: 'Ver',
    window: 'Ventana',
    help: 'Ayuda',
    about: 'Acerca de este equipo',
  },
};

export function menuLabels(locale: string): MenuLabels {
  return locale.toLowerCase().startsWith('es') ? LABELS.es : LABELS.en;
}

/** The native menu: standard roles, so the OS gives each item its usual shortcut and wording. */
export function buildMenuTemplate(
  platform: NodeJS.Platform,
  labels: MenuLabels,
  options: { developerTools: boolean; showAbout: () => void },
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.developerTools)
    view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { label: labels.file, submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu', label: labels.edit },
    { label: labels.view, submenu: view },
    { role: 'windowMenu', label: labels.window },
    {
      role: 'help',
      label: labels.help,
      submenu: [{ label: labels.about, click: options.showAbout }],
    },
  ];
}
