/**
 * The shell's guards, applied to every webContents the app ever creates: no navigation away from
 * the app, in the main frame or any subframe, no new windows (links to the allowed help pages go to
 * the OS browser), no <webview>, and no web permission granted to any page. The decisions
 * themselves are the pure functions of navigation-policy.ts.
 */
import { app, shell } from 'electron';
import type { Session, WebContents } from 'electron';
import type { Logger } from '../logger';
import { type AppOrigins, decideNavigation, decideWindowOpen } from './navigation-policy';

export interface SecurityOptions {
  readonly origins: AppOrigins;
  /** The only hosts whose pages open in the OS browser (external-links.ts). */
  readonly externalHosts: ReadonlySet<string>;
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
export function guardWebContents(contents: WebContents, { origins, externalHosts, logger }: SecurityOptions): void {
  const onNavigate = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    const decision = decideNavigation(event.url, origins, externalHosts);
    if (decision.allow) return;
    event.preventDefault();
    logger.warn(`blocked ${kind}`, { origin: originOf(event.url) });
    if (decision.openExternal) openInBrowser(decision.openExternal, logger);
  };
  const onMainFrameNavigate = onNavigate('navigation');
  const onSubframeNavigate = onNavigate('frame navigation');
  contents.on('will-navigate', onMainFrameNavigate);
  // Fired for every frame; the main frame's navigations are will-navigate's, and answered once.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) onSubframeNavigate(event);
  });
  contents.on('will-redirect', onNavigate('redirect'));

  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, externalHosts);
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
