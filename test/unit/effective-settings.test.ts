import { describe, expect, it } from 'vitest';
import { effectiveSettings } from '../../main/settings/effective-settings';
import { DEFAULT_SETTINGS, SavedSettings } from '../../shared/settings/settings';

const API = 'https://billing.example.com/api';
const OTHER = 'https://other.example.com';
const saved = (billing: SavedSettings['billing'] = { kind: 'api', url: API }) => SavedSettings.parse({ billing, syncIntervalMinutes: 7 });

describe('the settings that apply', () => {
  it('with nothing saved and nothing set: the demo sandbox, every 3 minutes, no token', () => {
    const { core, view } = effectiveSettings({ saved: DEFAULT_SETTINGS, savedToken: null, sessionToken: null, env: {} });
    expect(core).toEqual({ billing: { kind: 'demo' }, token: null, syncIntervalMs: 180_000, auditRetentionDays: 730 });
    expect(view).toMatchObject({ token: 'none', syncIntervalMinutes: 3, fromEnvironment: { billing: false, syncInterval: false } });
  });

  it('takes a variable set to nothing (or blanks) as not set', () => {
    const { core, view } = effectiveSettings({ saved: saved(), savedToken: null, sessionToken: null, env: { BILLING_API_URL: '   ', SETTLE_SYNC_INTERVAL_MS: '' } });
    expect(core).toMatchObject({ billing: { kind: 'api', url: API }, syncIntervalMs: 420_000 });
    expect(view).toMatchObject({ syncIntervalMinutes: 7, fromEnvironment: { billing: false, syncInterval: false } });
  });

  it('uses a saved token only for the address it was saved for', () => {
    const forApi = effectiveSettings({ saved: saved(), savedToken: { url: API, value: 'tok-api' }, sessionToken: null, env: {} });
    expect(forApi.core).toMatchObject({ billing: { kind: 'api', url: API }, token: 'tok-api', syncIntervalMs: 420_000 });
    expect(forApi.view.token).toBe('saved');
    const elsewhere = effectiveSettings({ saved: saved({ kind: 'api', url: OTHER }), savedToken: { url: API, value: 'tok-api' }, sessionToken: null, env: {} });
    expect(elsewhere.core.token).toBeNull();
    expect(elsewhere.view.token).toBe('none');
  });

  it('prefers the session’s token to the saved one, and says which is used', () => {
    const { core, view } = effectiveSettings({ saved: saved(), savedToken: { url: API, value: 'old' }, sessionToken: { url: API, value: 'new' }, env: {} });
    expect(core.token).toBe('new');
    expect(view.token).toBe('session');
  });

  it('lets the environment win, and says what it set', () => {
    const env = { BILLING_API_URL: 'https://it.example.com/', BILLING_API_TOKEN: ' tok-env ', SETTLE_SYNC_INTERVAL_MS: '90000' };
    const { core, view } = effectiveSettings({ saved: saved(), savedToken: { url: API, value: 'tok-api' }, sessionToken: null, env });
    expect(core).toMatchObject({ billing: { kind: 'api', url: 'https://it.example.com' }, token: 'tok-env', syncIntervalMs: 90_000 });
    expect(view).toMatchObject({ token: 'environment', syncIntervalMinutes: 2, fromEnvironment: { billing: true, syncInterval: true } });
  });

  it.each([
    [{ BILLING_API_URL: 'http://billing.example.com', BILLING_API_TOKEN: 't' }, 'BILLING_API_URL must use https (plain http is allowed only on 127.0.0.1/localhost): http://billing.example.com'],
    [{ BILLING_API_URL: 'not a url', BILLING_API_TOKEN: 't' }, 'BILLING_API_URL is not a URL: not a url'],
    [{ BILLING_API_URL: 'https://billing.example.com' }, 'BILLING_API_TOKEN must be set together with BILLING_API_URL'],
    [{ SETTLE_SYNC_INTERVAL_MS: '0' }, 'SETTLE_SYNC_INTERVAL_MS must be a positive integer'],
  ])('refuses a wrong environment %j with a clear error', (env, message) => {
    expect(() => effectiveSettings({ saved: DEFAULT_SETTINGS, savedToken: null, sessionToken: null, env })).toThrow(message);
  });

  it('takes plain http on loopback (a local sandbox) from the environment', () => {
    const { core } = effectiveSettings({ saved: DEFAULT_SETTINGS, savedToken: null, sessionToken: null, env: { BILLING_API_URL: 'http://127.0.0.1:4010', BILLING_API_TOKEN: 't' } });
    expect(core.billing).toEqual({ kind: 'api', url: 'http://127.0.0.1:4010' });
  });
});
