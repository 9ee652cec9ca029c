import { describe, expect, it } from 'vitest';
import { SaveSettingsInput, TestConnectionInput } from '../../shared/ipc/settings-contract';
import { AUDIT_RETENTION_DAYS, BillingServiceSetting, DEFAULT_SETTINGS, SYNC_INTERVAL_MINUTES, SavedSettings, normalBillingUrl, safeUrlProblem } from '../../shared/settings/settings';

describe('a billing address', () => {
  it.each(['https://billing.example.com', 'http://127.0.0.1:4010', 'http://localhost:4010/api', 'http://[::1]:4010'])('%s can be used', (url) => {
    expect(safeUrlProblem(url)).toBeNull();
  });

  it.each([
    ['http://billing.example.com', 'must use https (plain http is allowed only on 127.0.0.1/localhost)'],
    ['http://127.0.0.2:4010', 'must use https (plain http is allowed only on 127.0.0.1/localhost)'],
    ['ftp://127.0.0.1', 'must use https (plain http is allowed only on 127.0.0.1/localhost)'],
    ['billing.example.com', 'is not a URL'],
  ])('%s can’t: %s', (url, problem) => {
    expect(safeUrlProblem(url)).toBe(problem);
  });

  it('is kept without its trailing slashes, query or fragment', () => {
    expect(normalBillingUrl('https://billing.example.com/api//?x=1#top')).toBe('https://billing.example.com/api');
    expect(BillingServiceSetting.parse({ kind: 'api', url: '  https://billing.example.com/  ' })).toEqual({ kind: 'api', url: 'https://billing.example.com' });
    expect(BillingServiceSetting.safeParse({ kind: 'api', url: 'http://billing.example.com' }).error?.issues[0]?.message).toBe('must use https (plain http is allowed only on 127.0.0.1/localhost)');
  });
});

describe('the saved settings', () => {
  it('default to the demo sandbox, every 3 minutes, as the system, Documents, 730 days', () => {
    expect(DEFAULT_SETTINGS).toEqual({ billing: { kind: 'demo' }, syncIntervalMinutes: 3, language: 'system', theme: 'system', exportFolder: null, auditRetentionDays: 730 });
  });

  it('hold their limits at both ends', () => {
    const valid = (change: object) => SavedSettings.safeParse({ ...DEFAULT_SETTINGS, ...change }).success;
    expect([SYNC_INTERVAL_MINUTES.min, SYNC_INTERVAL_MINUTES.max].map((m) => valid({ syncIntervalMinutes: m }))).toEqual([true, true]);
    expect([SYNC_INTERVAL_MINUTES.min - 1, SYNC_INTERVAL_MINUTES.max + 1, 2.5].map((m) => valid({ syncIntervalMinutes: m }))).toEqual([false, false, false]);
    expect([AUDIT_RETENTION_DAYS.min, AUDIT_RETENTION_DAYS.max].map((d) => valid({ auditRetentionDays: d }))).toEqual([true, true]);
    expect([AUDIT_RETENTION_DAYS.min - 1, AUDIT_RETENTION_DAYS.max + 1].map((d) => valid({ auditRetentionDays: d }))).toEqual([false, false]);
    expect(valid({ language: 'fr' })).toBe(false);
    expect(valid({ theme: 'blue' })).toBe(false);
    expect(valid({ exportFolder: '   ' })).toBe(false);
    expect(valid({ unknown: 1 })).toBe(false);
  });
});

describe('the settings channels’ inputs', () => {
  it('take a partial change, a token with how long it is kept, and nothing else', () => {
    expect(SaveSettingsInput.parse({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(SaveSettingsInput.parse({ token: { value: ' tok ', keep: 'session' } })).toEqual({ token: { value: 'tok', keep: 'session' } });
    expect(SaveSettingsInput.safeParse({ token: { value: 'tok' } }).success).toBe(false);
    expect(SaveSettingsInput.safeParse({ token: { value: '   ', keep: 'saved' } }).success).toBe(false);
    expect(SaveSettingsInput.safeParse({ billing: { kind: 'api', url: 'http://evil.example' } }).success).toBe(false);
    expect(SaveSettingsInput.safeParse({ secretStorage: 'file' }).success).toBe(false);
    expect(TestConnectionInput.safeParse({ url: '' }).success).toBe(false);
  });
});
