/**
 * The shell's guards, applied to every webContents the app ever creates: no navigation away from
 * the app, no new windows (https links go to the OS browser), no <webview>, and no web permission
 * granted to any page. The decisions themselves are the pure functions of navigation-policy.ts.
 */
import { app, shell } from 'electron';
import type { Session, WebContents } from 'electron';
import type { Logger } from '../logger';
import { type AppOrigins, decideNavigation, decideWindowOpen } from './navigation-policy';

export interface SecurityOptions {
  readonly origins: AppOrigins;
  readonly logger: Logger;
}

/** Only the origin reaches the log: query strings may carry anything. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '<unparseable>';
  }
}

function openInBrowser(url: string, logger: Logger): void {
  shell.openExternal(url).catch((error: unknown) => logger.warn('openExternal failed', { origin: originOf(url), error: String(error) }));
}

/** Wires the navigation, window-open and webview guards onto one webContents. */
export function guardWebContents(contents: WebContents, { origins, logger }: SecurityOptions): void {
  const onNavigate = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    const decision = decideNavigation(event.url, origins);
    if (decision.allow) return;
    event.preventDefault();
    logger.warn(`blocked ${kind}`, { origin: originOf(event.url) });
    if (decision.openExternal) openInBrowser(decision.openExternal, logger);
  };
  contents.on('will-navigate', onNavigate('navigation'));
  contents.on('will-redirect', onNavigate('redirect'));

  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternal) openInBrowser(decision.openExternal, logger);
    else logger.warn('blocked window.open', { origin: originOf(url) });
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event, webPreferences) => {
    // Settle never uses <webview>: strip what a webview could inherit, then refuse it outright.
    delete webPreferences.preload;
    webPreferences.nodeIntegration = false;
    webPreferences.contextIsolation = true;
    webPreferences.webSecurity = true;
    event.preventDefault();
    logger.warn('blocked webview');
  });
}

/** No page gets any web permission (camera, geolocation, notifications…): notifications come from main. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
}

/** Call before app ready: guards every webContents as it is created (windows, frames, anything). */
export function installSecurityGuards(options: SecurityOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options));
}
