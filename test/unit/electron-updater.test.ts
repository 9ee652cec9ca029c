import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../main/logger';

// 'electron' can't load under plain Node: fake the dialog and app the updater wiring uses.
const fake = vi.hoisted(() => ({
  isPackaged: true,
  response: 0,
  boxes: [] as { window: unknown; options: { message: string; buttons: string[]; title: string } }[],
}));

vi.mock('electron', () => ({
  app: {
    get isPackaged() {
      return fake.isPackaged;
    },
  },
  dialog: {
    showMessageBox: vi.fn(async (...args: unknown[]) => {
      const [window, options] = args.length === 2 ? args : [null, args[0]];
      fake.boxes.push({ window, options: options as (typeof fake.boxes)[number]['options'] });
      return { response: fake.response, checkboxChecked: false };
    }),
  },
}));
// The real electron-updater must never load here (it reaches for electron's app at once).
vi.mock('electron-updater', () => {
  throw new Error('electron-updater must not be loaded by these tests');
});

const { startAutoUpdates } = await import('../../main/electron/updater');
type Updater = NonNullable<Exclude<Parameters<typeof startAutoUpdates>[0]['updater'], () => unknown>>;

function fakeUpdater() {
  const emitter = new EventEmitter();
  const updater = Object.assign(emitter, {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    logger: null as unknown,
    checkForUpdates: vi.fn(async () => null),
    quitAndInstall: vi.fn(),
  });
  return updater;
}

function fakeWindow() {
  return { setProgressBar: vi.fn(), isDestroyed: () => false };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('startAutoUpdates', () => {
  beforeEach(() => {
    fake.isPackaged = true;
    fake.response = 0;
    fake.boxes.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('is off in development builds and with SETTLE_DISABLE_UPDATES=1, without loading electron-updater', async () => {
    const logger = createMemoryLogger();
    fake.isPackaged = false;
    startAutoUpdates({ window: null, logger, paymentOpen: async () => false, env: {} })();
    fake.isPackaged = true;
    startAutoUpdates({ window: null, logger, paymentOpen: async () => false, env: { SETTLE_DISABLE_UPDATES: '1' } })();
    await flush();
    expect(logger.lines.map((l) => [l.msg, (l.meta as { reason: string }).reason])).toEqual([
      ['updates are off', 'not a packaged build'],
      ['updates are off', 'SETTLE_DISABLE_UPDATES=1'],
    ]);
  });

  it('configures electron-updater, checks at once, shows progress on the taskbar, asks and restarts', async () => {
    const logger = createMemoryLogger();
    const updater = fakeUpdater();
    const window = fakeWindow();
    const stop = startAutoUpdates({ window: window as unknown as BrowserWindow, logger, paymentOpen: async () => false, updater: updater as unknown as Updater, env: {} });
    await flush();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);

    (updater.logger as { info(m: string): void }).info('Checking for update');
    expect(logger.lines.some((l) => l.msg === 'electron-updater: Checking for update')).toBe(true);

    updater.emit('download-progress', { percent: 12.7, bytesPerSecond: 1, total: 100, transferred: 12, delta: 1 });
    updater.emit('download-progress', { percent: 12.9, bytesPerSecond: 1, total: 100, transferred: 12, delta: 1 });
    expect(window.setProgressBar.mock.calls).toEqual([[0.12]]);

    updater.emit('update-downloaded', { version: '1.4.0', downloadedFile: '/tmp/x', files: [], path: 'x', sha512: 'x', releaseDate: '' });
    await flush();
    expect(window.setProgressBar).toHaveBeenLastCalledWith(-1);
    expect(fake.boxes).toHaveLength(1);
    expect(fake.boxes[0]!.window).toBe(window);
    expect(fake.boxes[0]!.options.message).toBe('Settle 1.4.0 has been downloaded. Restart now to use it?');
    expect(fake.boxes[0]!.options.buttons).toEqual(['Restart now', 'Later']);
    expect(updater.quitAndInstall).toHaveBeenCalledWith(true, true);
    stop();
    expect(updater.listenerCount('update-downloaded')).toBe(0);
  });

  it('takes the caller\'s words, and "Later" does not restart', async () => {
    const updater = fakeUpdater();
    fake.response = 1;
    const texts = { title: '更新', message: (v: string) => `Settle ${v} 已可安装。`, detail: '稍后也可以。', restartNow: '立即重启', later: '稍后' };
    const stop = startAutoUpdates({ window: () => null, logger: createMemoryLogger(), paymentOpen: async () => false, updater: updater as unknown as Updater, texts, env: {} });
    await flush();
    updater.emit('update-downloaded', { version: '1.4.0' });
    await flush();
    expect(fake.boxes[0]!.window).toBeNull();
    expect(fake.boxes[0]!.options).toMatchObject({ title: '更新', message: 'Settle 1.4.0 已可安装。', buttons: ['立即重启', '稍后'] });
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    stop();
  });

  it('with a payment open, neither asks nor restarts', async () => {
    const updater = fakeUpdater();
    const stop = startAutoUpdates({ window: null, logger: createMemoryLogger(), paymentOpen: async () => true, updater: updater as unknown as Updater, env: {} });
    await flush();
    updater.emit('update-downloaded', { version: '1.4.0' });
    await flush();
    expect(fake.boxes).toHaveLength(0);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    stop();
  });

  it('stopped before electron-updater has loaded, it never wires it', async () => {
    const updater = fakeUpdater();
    let resolve: (u: Updater) => void = () => undefined;
    const stop = startAutoUpdates({ window: null, logger: createMemoryLogger(), paymentOpen: async () => false, updater: () => new Promise<Updater>((r) => (resolve = r)), env: {} });
    stop();
    resolve(updater as unknown as Updater);
    await flush();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    expect(updater.listenerCount('update-downloaded')).toBe(0);
  });
});
