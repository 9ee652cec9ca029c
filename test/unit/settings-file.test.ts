import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_FILE, SettingsFile } from '../../main/settings/settings-file';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';

const content = { version: 1 as const, settings: { ...DEFAULT_SETTINGS, theme: 'dark' as const }, billingToken: { url: 'https://b.example.com', storage: 'file' as const, sealed: 'tok' } };

describe('the settings file', () => {
  it('is absent at first, then read back as written', () => {
    const file = new SettingsFile(mkdtempSync(join(tmpdir(), 'settle-settings-')));
    expect(file.read()).toEqual({ kind: 'absent' });
    file.write(content);
    expect(file.read()).toEqual({ kind: 'read', content });
  });

  it.skipIf(process.platform === 'win32')('is readable by its user only, even over a leftover temp file that was not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-settings-'));
    writeFileSync(join(dir, `${SETTINGS_FILE}.partial`), 'left by a crash', { mode: 0o644 });
    new SettingsFile(dir).write(content);
    expect(statSync(join(dir, SETTINGS_FILE)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['not JSON', '{ "version": 1, ', /JSON/],
    ['a setting out of range', JSON.stringify({ ...content, settings: { ...content.settings, syncIntervalMinutes: 0 } }), /^settings\.syncIntervalMinutes: \S/],
    ['an unknown version', JSON.stringify({ ...content, version: 2 }), /^version: \S/],
    ['no object', '[]', /^\(file\): \S/],
    ['four mistakes (three are said)', JSON.stringify({ version: 2, settings: { ...content.settings, theme: 'pink', language: 'fr', syncIntervalMinutes: 0 } }), /^[^;]+; [^;]+; [^;]+$/],
  ])('holding %s is kept aside whole, never overwritten, and the defaults apply', (_what, text, reason) => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-settings-'));
    writeFileSync(join(dir, SETTINGS_FILE), text);
    const reading = new SettingsFile(dir).read(1234);
    expect(reading).toMatchObject({ kind: 'set_aside', keptAt: join(dir, `${SETTINGS_FILE}.invalid-1234`), reason: expect.stringMatching(reason) });
    expect(readFileSync(join(dir, `${SETTINGS_FILE}.invalid-1234`), 'utf8')).toBe(text);
    expect(existsSync(join(dir, SETTINGS_FILE))).toBe(false);
  });
});
