import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

const t = i18next.createInstance();
beforeAll(() => t.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng: 'en', interpolation: { escapeValue: false } }));

describe('order counts', () => {
  it('group their digits as the language does, with the right plural', async () => {
    expect(t.t('table.count', { count: 101_255 })).toBe('101,255 orders');
    expect(t.t('table.count', { count: 1 })).toBe('1 order');
    expect(t.t('filters.option', { label: 'Elastic Cloud Server', count: 12_480 })).toBe('Elastic Cloud Server (12,480)');
    await t.changeLanguage('zh-CN');
    expect(t.t('table.count', { count: 101_255 })).toBe('101,255 个订单');
    await t.changeLanguage('en');
  });
});
