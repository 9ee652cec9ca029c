/** The settings domain of the IPC contract: the Settings screen, the connection test, diagnostics. */
import { z } from 'zod';
import { AUDIT_RETENTION_DAYS, BillingServiceSetting, LANGUAGE_SETTINGS, SYNC_INTERVAL_MINUTES, THEME_SETTINGS } from '../settings/settings';
import type { SettingsChannel } from './channels';
import { NoInput, channel, type Channel } from './channel';
import type { ConnectionTestResult, SaveSettingsResult, SettingsView } from './settings-types';

const Token = z.string().trim().min(1).max(4096);

/**
 * A change to some settings; what is left out stays as it is. A new token says how long it is
 * kept: saved (encrypted by the OS where it can be), or for this session only.
 */
export const SaveSettingsInput = z
  .object({
    billing: BillingServiceSetting.optional(),
    token: z.object({ value: Token, keep: z.enum(['saved', 'session']) }).strict().optional(),
    syncIntervalMinutes: z.number().int().min(SYNC_INTERVAL_MINUTES.min).max(SYNC_INTERVAL_MINUTES.max).optional(),
    language: z.enum(LANGUAGE_SETTINGS).optional(),
    theme: z.enum(THEME_SETTINGS).optional(),
    exportFolder: z.string().trim().min(1).max(4096).nullable().optional(),
    auditRetentionDays: z.number().int().min(AUDIT_RETENTION_DAYS.min).max(AUDIT_RETENTION_DAYS.max).optional(),
  })
  .strict();

/** The service to try: the URL typed in, and its token (the saved one for the saved URL if none is typed). */
export const TestConnectionInput = z.object({ url: z.string().trim().min(1).max(2048), token: Token.optional() }).strict();

/** An uncaught error of the page, for the app's log. */
export const ReportErrorInput = z
  .object({ kind: z.enum(['error', 'unhandledrejection']), message: z.string().max(2000), stack: z.string().max(8000).optional() })
  .strict();

export const settingsContract = {
  getSettings: channel<SettingsView>()(NoInput),
  /** Saves; a new billing service or sync interval restarts the app's core (refused while a payment is open). */
  saveSettings: channel<SaveSettingsResult>()(SaveSettingsInput),
  testConnection: channel<ConnectionTestResult>()(TestConnectionInput),
  /** Electron: the OS folder picker; null when cancelled. */
  chooseExportFolder: channel<string | null>()(NoInput),
  /** Versions, OS, file sizes, the last sync: for a support ticket, never a secret. */
  getDiagnostics: channel<string>()(NoInput),
  reportError: channel<null>()(ReportErrorInput),
} satisfies Record<SettingsChannel, Channel<z.ZodType, unknown>>;
