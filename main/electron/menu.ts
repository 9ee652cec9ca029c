/**
 * A minimal application menu of standard roles. The DevTools toggle and reload exist only in
 * development builds.
 */
import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { MainWords } from './main-words';

export interface MenuParams {
  readonly isMac: boolean;
  readonly appName: string;
  /** Development build: adds reload and the DevTools toggle. */
  readonly dev: boolean;
  readonly words: Pick<MainWords, 'help' | 'openLogsFolder' | 'copyDiagnostics'>;
  readonly openLogsFolder: () => void;
  readonly copyDiagnostics: () => void;
}

export function buildMenuTemplate({ isMac, appName, dev, words, openLogsFolder, copyDiagnostics }: MenuParams): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({ label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(dev ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ label: 'Window', submenu: isMac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] });
  template.push({
    role: 'help',
    label: words.help,
    submenu: [
      { id: 'open-logs-folder', label: words.openLogsFolder, click: openLogsFolder },
      { id: 'copy-diagnostics', label: words.copyDiagnostics, click: copyDiagnostics },
    ],
  });
  return template;
}

export function installApplicationMenu(params: MenuParams): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(params)));
}
