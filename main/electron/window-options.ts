/**
 * The main window's options and title as pure functions (type-only electron import, erased at
 * build), so the security-relevant webPreferences are asserted by a unit test.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The window title: the product name, and whether the data is the embedded demo. */
export function windowTitle(demoMode: boolean): string {
  return demoMode ? 'Settle — Demo mode' : 'Settle';
}

export interface MainWindowParams {
  readonly preloadPath: string;
  readonly demoMode: boolean;
  /** DevTools only in development builds. */
  readonly devTools: boolean;
}

export function mainWindowOptions(params: MainWindowParams): BrowserWindowConstructorOptions {
  return {
    title: windowTitle(params.demoMode),
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: params.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: params.devTools,
    },
  };
}
