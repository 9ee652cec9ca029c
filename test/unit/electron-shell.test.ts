import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, IPC_EVENT_CHANNEL, ipcChannelName } from '../../shared/ipc/channels';
import type { AppEvent } from '../../shared/ipc/types';
import { createMemoryLogger } from '../../main/logger';

// 'electron' can't load under plain Node: fake the few main-process APIs the shell modules use.
const fake = vi.hoisted(() => ({
  openExternal: vi.fn(async (_url: string) => undefined),
  appOn: vi.fn(),
  notifications: [] as { options: { title: string; body: string }; shown: boolean; click?: () => void }[],
  notificationSupported: true,
}));

vi.mock('electron', () => ({
  shell: { openExternal: fake.openExternal },
  app: { on: fake.appOn },
  Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn() },
  Notification: class {
    static isSupported = () => fake.notificationSupported;
    private readonly entry: (typeof fake.notifications)[number];
    constructor(options: { title: string; body: string }) {
      this.entry = { options, shown: false };
      fake.notifications.push(this.entry);
    }
    on(_name: 'click', fn: () => void) {
      this.entry.click = fn;
    }
    show() {
      this.entry.shown = true;
    }
  },
}));

const { denyAllPermissions, guardWebContents, installSecurityGuards } = await import('../../main/electron/security');
const { externalLinkHosts } = await import('../../main/electron/external-links');
const { notifyAppEvent, notificationTextFor } = await import('../../main/electron/notifications');
const { buildMenuTemplate } = await import('../../main/electron/menu');
const { mainLanguage, mainWords } = await import('../../main/electron/main-words');
const { forwardEvents, registerIpcHandlers, UntrustedSenderError } = await import('../../main/electron/ipc-bridge');
const { mainWindowOptions, windowTitle } = await import('../../main/electron/window-options');

type Listener = (...args: unknown[]) => void;

function fakeWebContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const sent: unknown[][] = [];
  const contents = {
    on: (name: string, fn: Listener) => listeners.set(name, fn),
    setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    send: (...args: unknown[]) => sent.push(args),
    isDestroyed: () => false,
  };
  /** True when the guard prevented it. */
  const fire = (name: string, url: string, details: { isMainFrame?: boolean } = {}) => {
    const event = { url, ...details, preventDefault: vi.fn() };
    listeners.get(name)!(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents: contents as unknown as WebContents, listeners, fire, open: (url: string) => openHandler!({ url }), sent };
}

beforeEach(() => {
  fake.openExternal.mockClear();
  fake.notifications.length = 0;
  fake.notificationSupported = true;
});

describe('security guards', () => {
  const logger = createMemoryLogger();
  const externalHosts = externalLinkHosts('https://billing.example.com');
  const options = { origins: {}, externalHosts, logger };

  it('keeps navigation and redirects on the app, sending only the allowed help pages to the OS browser', () => {
    const wc = fakeWebContents();
    guardWebContents(wc.contents, options);
    for (const name of ['will-navigate', 'will-redirect']) {
      expect(wc.fire(name, 'app://settle/index.html')).toBe(false);
      expect(wc.fire(name, 'file:///etc/passwd')).toBe(true);
      expect(wc.fire(name, 'http://example.com/')).toBe(true);
    }
    expect(fake.openExternal).not.toHaveBeenCalled();
    expect(wc.fire('will-navigate', 'https://support.stripe.com/questions/x?token=abc')).toBe(true);
    expect(fake.openExternal).toHaveBeenCalledWith('https://support.stripe.com/questions/x?token=abc');
    expect(JSON.stringify(logger.lines)).not.toContain('token=abc');
  });

  it('refuses and logs a link to any other site, even https', () => {
    const wc = fakeWebContents();
    const log = createMemoryLogger();
    guardWebContents(wc.contents, { ...options, logger: log });
    expect(wc.fire('will-navigate', 'https://evil.example/phish')).toBe(true);
    expect(wc.open('https://stripe.com.evil.example/')).toEqual({ action: 'deny' });
    expect(fake.openExternal).not.toHaveBeenCalled();
    expect(log.lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'blocked navigation', meta: { origin: 'https://evil.example' } }),
      expect.objectContaining({ level: 'warn', msg: 'blocked window.open', meta: { origin: 'https://stripe.com.evil.example' } }),
    ]);
  });

  it('holds subframes to the same policy as the main frame, answering each main-frame navigation once', () => {
    const wc = fakeWebContents();
    guardWebContents(wc.contents, options);
    const subframe = { isMainFrame: false };
    expect(wc.fire('will-frame-navigate', 'app://settle/card.html', subframe)).toBe(false);
    for (const url of ['https://evil.example/', 'http://stripe.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank']) {
      expect(wc.fire('will-frame-navigate', url, subframe), url).toBe(true);
    }
    expect(fake.openExternal).not.toHaveBeenCalled();
    expect(wc.fire('will-frame-navigate', 'https://stripe.com/docs', subframe)).toBe(true);
    expect(fake.openExternal.mock.calls).toEqual([['https://stripe.com/docs']]);
    // will-navigate answers the main frame's: once is enough, or the link would open twice.
    expect(wc.fire('will-frame-navigate', 'https://stripe.com/docs', { isMainFrame: true })).toBe(false);
    expect(fake.openExternal).toHaveBeenCalledTimes(1);
  });

  it('denies every new window and opens only the allowed help pages externally', () => {
    const wc = fakeWebContents();
    guardWebContents(wc.contents, options);
    expect(wc.open('https://billing.example.com/help')).toEqual({ action: 'deny' });
    expect(wc.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(wc.open('app://settle/index.html')).toEqual({ action: 'deny' });
    expect(wc.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(wc.open('file:///bin/sh')).toEqual({ action: 'deny' });
    expect(fake.openExternal.mock.calls).toEqual([['https://billing.example.com/help']]);
  });

  it('refuses webviews after stripping their preferences', () => {
    const wc = fakeWebContents();
    guardWebContents(wc.contents, options);
    const event = { preventDefault: vi.fn() };
    const prefs: Record<string, unknown> = { preload: '/evil.js', nodeIntegration: true, contextIsolation: false };
    wc.listeners.get('will-attach-webview')!(event, prefs);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(prefs).toEqual({ nodeIntegration: false, contextIsolation: true, webSecurity: true });
  });

  it('guards every webContents the app creates: navigation, new windows, webviews and frames are denied in it', () => {
    installSecurityGuards(options);
    const [name, onCreated] = fake.appOn.mock.calls.at(-1)! as [string, (event: unknown, contents: WebContents) => void];
    expect(name).toBe('web-contents-created');
    const created = fakeWebContents();
    onCreated({}, created.contents);

    expect(created.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(created.fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(created.fire('will-frame-navigate', 'https://evil.example/frame', { isMainFrame: false })).toBe(true);
    expect(created.open('https://evil.example/popup')).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    created.listeners.get('will-attach-webview')!(webview, { nodeIntegration: true });
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(created.fire('will-navigate', 'app://settle/index.html')).toBe(false);
    expect(fake.openExternal).not.toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = new Proxy({}, { get: (_t, name: string) => (fn: (...args: unknown[]) => unknown) => (handlers[name] = fn) });
    denyAllPermissions(session as never);
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      handlers.setPermissionRequestHandler!(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.setPermissionCheckHandler!(null, permission, 'app://settle', {})).toBe(false);
    }
    expect(handlers.setDevicePermissionHandler!({})).toBe(false);
    const media = vi.fn();
    handlers.setDisplayMediaRequestHandler!({}, media);
    expect(media).toHaveBeenCalledWith({});
  });
});

describe('notifications', () => {
  it('announces an approved order', () => {
    const onClick = vi.fn();
    expect(notifyAppEvent({ type: 'order-approved', orderId: 'CS2401010000ABCD' }, onClick)).toBe(true);
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0]!.options).toMatchObject({ title: 'Settle', body: 'Order CS2401010000ABCD approved — ready to pay' });
    expect(fake.notifications[0]!.shown).toBe(true);
    fake.notifications[0]!.click!();
    expect(onClick).toHaveBeenCalled();
  });

  it('speaks the UI’s language', () => {
    expect(notifyAppEvent({ type: 'order-approved', orderId: 'CS2401010000ABCD' }, undefined, 'zh-CN')).toBe(true);
    expect(fake.notifications.at(-1)!.options).toMatchObject({ body: '订单 CS2401010000ABCD 已审核通过，可以支付' });
    expect(mainLanguage('system', 'zh-TW')).toBe('zh-CN');
    expect(mainLanguage('system', 'de-DE')).toBe('en');
    expect(mainLanguage('en', 'zh-CN')).toBe('en');
  });

  it('stays quiet for other events and where notifications are unsupported', () => {
    expect(notificationTextFor({ type: 'orders-changed', upserted: 1, removed: 0 })).toBeNull();
    expect(notifyAppEvent({ type: 'orders-changed', upserted: 1, removed: 0 })).toBe(false);
    fake.notificationSupported = false;
    expect(notifyAppEvent({ type: 'order-approved', orderId: 'X' })).toBe(false);
    expect(fake.notifications).toHaveLength(0);
  });
});

describe('menu', () => {
  const roles = (template: ReturnType<typeof buildMenuTemplate>): string[] =>
    template.flatMap((item) => (Array.isArray(item.submenu) ? item.submenu.map((sub) => String(sub.role ?? sub.type)) : []));

  const menuParams = { appName: 'Settle', words: mainWords('en'), openLogsFolder: vi.fn(), copyDiagnostics: vi.fn() };

  it('has a Help menu that opens the logs folder and copies the diagnostics, in the UI’s language', () => {
    const help = buildMenuTemplate({ ...menuParams, isMac: false, dev: false, words: mainWords('zh-CN') }).find((item) => item.role === 'help')!;
    expect(help.label).toBe('帮助');
    const items = help.submenu as { id: string; label: string; click: () => void }[];
    expect(items.map((item) => item.label)).toEqual(['打开日志文件夹', '复制诊断信息']);
    items.find((item) => item.id === 'open-logs-folder')!.click();
    expect(menuParams.openLogsFolder).toHaveBeenCalledTimes(1);
    items.find((item) => item.id === 'copy-diagnostics')!.click();
    expect(menuParams.copyDiagnostics).toHaveBeenCalledTimes(1);
  });

  it('has no DevTools toggle or reload in packaged builds', () => {
    for (const isMac of [true, false]) {
      const packaged = roles(buildMenuTemplate({ ...menuParams, isMac, dev: false }));
      expect(packaged).not.toContain('toggleDevTools');
      expect(packaged).not.toContain('reload');
      expect(packaged).toContain('copy');
      expect(packaged).toContain(isMac ? 'about' : 'quit');
    }
    expect(roles(buildMenuTemplate({ ...menuParams, isMac: false, dev: true }))).toContain('toggleDevTools');
  });
});

describe('window options', () => {
  it('locks the renderer down', () => {
    const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', demoMode: false, devTools: false });
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('says when it runs on demo data', () => {
    expect(windowTitle(false)).toBe('Settle');
    expect(windowTitle(true)).toBe('Settle — Demo mode');
    expect(mainWindowOptions({ preloadPath: 'p', demoMode: true, devTools: true }).title).toBe('Settle — Demo mode');
  });
});

describe('IPC bridge', () => {
  function setup() {
    const handlers = new Map<string, (event: unknown, input: unknown) => unknown>();
    const ipcMain = {
      handle: (name: string, fn: (event: unknown, input: unknown) => unknown) => handlers.set(name, fn),
      removeHandler: (name: string) => handlers.delete(name),
    };
    const dispatch = vi.fn(async (channel: string, input: unknown) => ({ ok: true as const, value: { channel, input } }));
    const main = fakeWebContents();
    const logger = createMemoryLogger();
    const remove = registerIpcHandlers(ipcMain as never, { core: { dispatch }, origins: {}, logger, mainContents: () => main.contents });
    return { handlers, dispatch, main, logger, remove };
  }

  it('registers one handler per contract channel and removes them again', () => {
    const { handlers, remove } = setup();
    expect([...handlers.keys()].sort()).toEqual(IPC_CHANNELS.map(ipcChannelName).sort());
    remove();
    expect(handlers.size).toBe(0);
  });

  it('dispatches calls from the app page', async () => {
    const { handlers, dispatch, main } = setup();
    const event = { sender: main.contents, senderFrame: { url: 'app://settle/index.html' } };
    await expect(handlers.get('settle:listOrders')!(event, { limit: 5 })).resolves.toEqual({ ok: true, value: { channel: 'listOrders', input: { limit: 5 } } });
    expect(dispatch).toHaveBeenCalledWith('listOrders', { limit: 5 });
  });

  it.each([
    ['a foreign page in our window', (main: WebContents) => ({ sender: main, senderFrame: { url: 'https://evil.example/' } })],
    ['a file:// frame', (main: WebContents) => ({ sender: main, senderFrame: { url: 'file:///tmp/x.html' } })],
    ['a destroyed frame', (main: WebContents) => ({ sender: main, senderFrame: null })],
    ['another webContents showing the app', () => ({ sender: fakeWebContents().contents, senderFrame: { url: 'app://settle/index.html' } })],
  ])('refuses %s', (_name, makeEvent) => {
    const { handlers, dispatch, main, logger } = setup();
    expect(() => handlers.get('settle:getAccount')!(makeEvent(main.contents), undefined)).toThrow(UntrustedSenderError);
    expect(dispatch).not.toHaveBeenCalled();
    expect(logger.lines[0]).toMatchObject({ level: 'warn', meta: { channel: 'getAccount' } });
  });

  it('forwards core events to the window and to the extra listener', () => {
    let emit: (event: AppEvent) => void = () => {};
    const unsubscribe = vi.fn();
    const core = { onEvent: (fn: (event: AppEvent) => void) => ((emit = fn), unsubscribe) };
    const main = fakeWebContents();
    const also = vi.fn();
    let window: WebContents | null = main.contents;
    const stop = forwardEvents(core, () => window, also);
    const event: AppEvent = { type: 'order-approved', orderId: 'A1' };
    emit(event);
    expect(main.sent).toEqual([[IPC_EVENT_CHANNEL, event]]);
    expect(also).toHaveBeenCalledWith(event);
    window = null;
    emit(event);
    expect(main.sent).toHaveLength(1);
    expect(also).toHaveBeenCalledTimes(2);
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });
});
