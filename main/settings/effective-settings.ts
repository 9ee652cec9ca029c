import { safeUrlProblem, normalBillingUrl, type BillingServiceSetting, type SavedSettings } from '../../shared/settings/settings';
import type { SettingsView } from '../../shared/ipc/settings-types';

/** A token and the billing URL it was given for. */
export interface BillingToken {
  readonly url: string;
  readonly value: string;
}

/** What the core starts with: the service, its token (null: none known yet), the sync interval. */
export interface CoreSettings {
  readonly billing: BillingServiceSetting;
  readonly token: string | null;
  readonly syncIntervalMs: number;
  readonly auditRetentionDays: number;
}

export interface SettingsInputs {
  readonly saved: SavedSettings;
  readonly savedToken: BillingToken | null;
  /** A token the clerk chose to keep for this session only. */
  readonly sessionToken: BillingToken | null;
  readonly env: NodeJS.ProcessEnv;
}

export interface EffectiveSettings {
  readonly core: CoreSettings;
  readonly view: Omit<SettingsView, 'secretStorage' | 'canChooseFolder' | 'dataFolder'>;
}

/**
 * The settings that apply: the environment's win over the saved ones (an IT roll-out sets
 * BILLING_API_URL and BILLING_API_TOKEN, or SETTLE_SYNC_INTERVAL_MS, for every clerk), and a token
 * is used only for the URL it was given for.
 */
export function effectiveSettings({ saved, savedToken, sessionToken, env }: SettingsInputs): EffectiveSettings {
  const envBilling = billingFromEnv(env);
  const envInterval = syncIntervalMsFromEnv(env);
  const billing = envBilling?.billing ?? saved.billing;
  const forUrl = (token: BillingToken | null) => (billing.kind === 'api' && token?.url === billing.url ? token.value : null);
  const token = envBilling ? envBilling.token : (forUrl(sessionToken) ?? forUrl(savedToken));
  const tokenKind: SettingsView['token'] = envBilling ? 'environment' : forUrl(sessionToken) ? 'session' : forUrl(savedToken) ? 'saved' : 'none';
  const syncIntervalMs = envInterval ?? saved.syncIntervalMinutes * 60_000;
  return {
    core: { billing, token: billing.kind === 'api' ? token : null, syncIntervalMs, auditRetentionDays: saved.auditRetentionDays },
    view: {
      billing,
      syncIntervalMinutes: envInterval === null ? saved.syncIntervalMinutes : Math.max(1, Math.round(envInterval / 60_000)),
      language: saved.language,
      theme: saved.theme,
      exportFolder: saved.exportFolder,
      auditRetentionDays: saved.auditRetentionDays,
      fromEnvironment: { billing: envBilling !== null, syncInterval: envInterval !== null },
      token: billing.kind === 'demo' ? 'none' : tokenKind,
    },
  };
}

/** BILLING_API_URL with BILLING_API_TOKEN; either alone is a mistake said at start, not ignored. */
function billingFromEnv(env: NodeJS.ProcessEnv): { billing: BillingServiceSetting; token: string } | null {
  const url = env.BILLING_API_URL?.trim();
  if (!url) return null;
  const problem = safeUrlProblem(url);
  if (problem) throw new Error(`BILLING_API_URL ${problem}: ${url}`);
  const token = env.BILLING_API_TOKEN?.trim();
  if (!token) throw new Error('BILLING_API_TOKEN must be set together with BILLING_API_URL');
  return { billing: { kind: 'api', url: normalBillingUrl(url) }, token };
}

function syncIntervalMsFromEnv(env: NodeJS.ProcessEnv): number | null {
  const raw = env.SETTLE_SYNC_INTERVAL_MS;
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error('SETTLE_SYNC_INTERVAL_MS must be a positive integer');
  return value;
}
