/**
 * The clerk's settings: what is saved (never a secret in clear text, see main/settings), what the
 * Settings screen edits, and the limits both sides check.
 */
import { z } from 'zod';

export const SYNC_INTERVAL_MINUTES = { min: 1, max: 24 * 60, default: 3 } as const;
/**
 * The audit log keeps at least this long: the Payments page shows a payment's steps from it, and
 * a payment queried months later (a bank's question, an audit) must still show them.
 */
export const AUDIT_RETENTION_DAYS = { min: 90, max: 3650, default: 730 } as const;

export const LANGUAGE_SETTINGS = ['system', 'en', 'zh-CN'] as const;
export const THEME_SETTINGS = ['system', 'light', 'dark'] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];
export type ThemeSetting = (typeof THEME_SETTINGS)[number];

/** An https URL, or plain http on loopback only: a token never crosses a network in clear text. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a billing URL can't be used, or null when it can. */
export function safeUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'must use https (plain http is allowed only on 127.0.0.1/localhost)';
}

/** The URL as the app keeps it: no trailing slash, no query or fragment. */
export function normalBillingUrl(raw: string): string {
  const url = new URL(raw);
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

export const BillingUrl = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .superRefine((raw, context) => {
    const problem = safeUrlProblem(raw);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .transform(normalBillingUrl);

/** Which billing service the app talks to: its embedded demo sandbox, or a billing API. */
export const BillingServiceSetting = z.discriminatedUnion('kind', [z.object({ kind: z.literal('demo') }).strict(), z.object({ kind: z.literal('api'), url: BillingUrl }).strict()]);
export type BillingServiceSetting = z.output<typeof BillingServiceSetting>;

/** An absolute folder path, as the OS names it; the app checks it exists when it writes there. */
const FolderPath = z.string().trim().min(1).max(4096);

/** Everything saved but the secrets. */
export const SavedSettings = z
  .object({
    billing: BillingServiceSetting.default({ kind: 'demo' }),
    syncIntervalMinutes: z.number().int().min(SYNC_INTERVAL_MINUTES.min).max(SYNC_INTERVAL_MINUTES.max).default(SYNC_INTERVAL_MINUTES.default),
    language: z.enum(LANGUAGE_SETTINGS).default('system'),
    theme: z.enum(THEME_SETTINGS).default('system'),
    /** Where exports and receipts are offered first; null: the Documents folder. */
    exportFolder: FolderPath.nullable().default(null),
    auditRetentionDays: z.number().int().min(AUDIT_RETENTION_DAYS.min).max(AUDIT_RETENTION_DAYS.max).default(AUDIT_RETENTION_DAYS.default),
  })
  .strict();
export type SavedSettings = z.output<typeof SavedSettings>;
export const DEFAULT_SETTINGS: SavedSettings = SavedSettings.parse({});

/**
 * How a secret is kept. `os`: encrypted by the OS keychain (Electron's safeStorage: Keychain,
 * DPAPI, libsecret/kwallet). `basic_text`: Linux without a keyring, where safeStorage only
 * obfuscates with a fixed key. `file`: the browser face's settings file, readable by the user only.
 */
export const SECRET_STORAGES = ['os', 'basic_text', 'file'] as const;
export type SecretStorage = (typeof SECRET_STORAGES)[number];
