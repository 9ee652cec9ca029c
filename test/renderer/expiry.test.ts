import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { expiryText } from '../../renderer/src/expiry';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

const NOW = Date.UTC(2026, 10, 26, 12);
const MIN = 60_000;
const t = i18next.createInstance();
beforeAll(() => t.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: 'en', interpolation: { escapeValue: false } }));

describe('the expiry countdown', () => {
  it('counts down in days and hours, then hours and minutes, then says Expired', () => {
    expect(expiryText(NOW + 2 * 24 * 60 * MIN + 4 * 60 * MIN + 5 * MIN, NOW, t.t)).toBe('Expires in 2 d 4 h');
    expect(expiryText(NOW + 3 * 60 * MIN + 12 * MIN + 30_000, NOW, t.t)).toBe('Expires in 3 h 12 min');
    expect(expiryText(NOW + 7 * MIN, NOW, t.t)).toBe('Expires in 7 min');
    expect(expiryText(NOW + 20_000, NOW, t.t)).toBe('Expires in < 1 min');
    expect(expiryText(NOW, NOW, t.t)).toBe('Expired');
    expect(expiryText(NOW - MIN, NOW, t.t)).toBe('Expired');
  });

  it('speaks Chinese', async () => {
    await t.changeLanguage('zh-CN');
    expect(expiryText(NOW + 3 * 60 * MIN + 12 * MIN, NOW, t.t)).toBe('3 小时 12 分钟后到期');
    expect(expiryText(NOW - 1, NOW, t.t)).toBe('已过期');
    await t.changeLanguage('en');
  });
});
