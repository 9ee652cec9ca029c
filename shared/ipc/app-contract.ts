/** The app domain of the IPC contract: what the app runs on, the account, the sync. */
import type { z } from 'zod';
import type { AppChannel } from './channels';
import { NoInput, channel, type Channel } from './channel';
import type { AccountView, AppInfo, SyncState } from './types';

export const appContract = {
  getAppInfo: channel<AppInfo>()(NoInput),
  getAccount: channel<AccountView | null>()(NoInput),
  getSyncState: channel<SyncState>()(NoInput),
  syncNow: channel<SyncState>()(NoInput),
  /** The page has painted its first rows (or that there are none): start-up's background work may begin. */
  pageShown: channel<null>()(NoInput),
} satisfies Record<AppChannel, Channel<z.ZodType, unknown>>;
