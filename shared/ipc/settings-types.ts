import type { AccountView } from './types';
import type { BillingServiceSetting, LanguageSetting, SecretStorage, ThemeSetting } from '../settings/settings';

/** The settings as they apply now (the environment's values win over the saved ones). */
export interface SettingsView {
  readonly billing: BillingServiceSetting;
  readonly syncIntervalMinutes: number;
  readonly language: LanguageSetting;
  readonly theme: ThemeSetting;
  readonly exportFolder: string | null;
  readonly auditRetentionDays: number;
  /** The values set by environment variables (an IT roll-out): shown, not editable. */
  readonly fromEnvironment: { readonly billing: boolean; readonly syncInterval: boolean };
  /** Whether the billing API's token is known, and how it is kept; never the token. */
  readonly token: 'none' | 'saved' | 'session' | 'environment';
  readonly secretStorage: SecretStorage;
  /** Electron has a folder picker; a browser saves exports as downloads. */
  readonly canChooseFolder: boolean;
  /** The folder holding this service's cache and ledger. */
  readonly dataFolder: string;
}

export interface SaveSettingsResult {
  readonly settings: SettingsView;
  /** The core restarted for a new billing service or sync interval: the page starts over. */
  readonly restarted: boolean;
}

export type ConnectionProblem = 'invalid_url' | 'no_token' | 'unreachable' | 'tls' | 'unauthorized' | 'wrong_url' | 'server';

export type ConnectionTestResult =
  | { readonly ok: true; readonly account: AccountView; readonly currency: string; readonly monthlySettlement: boolean }
  | { readonly ok: false; readonly problem: ConnectionProblem; readonly detail: string };
