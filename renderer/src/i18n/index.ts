import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';
import type { LanguageSetting } from '../../../shared/settings/settings';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '简体中文' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'settle.language';

/** The clerk's choice if made, else the OS language: any Chinese locale gets Simplified Chinese. */
export function initialLanguage(): LanguageCode {
  const chosen = localStorage.getItem(STORAGE_KEY);
  if (chosen === 'en' || chosen === 'zh-CN') return chosen;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  // React escapes what it renders; escaping here too would show &amp; in names.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The page's language at once; remembered here too, so the next start paints in it before the settings arrive. */
export function chooseLanguage(code: LanguageCode): void {
  localStorage.setItem(STORAGE_KEY, code);
  void i18next.changeLanguage(code);
}

/** The saved setting: a language, or the OS's (`system`). */
export function applyLanguageSetting(setting: LanguageSetting): void {
  if (setting !== 'system') {
    if (i18next.language !== setting) chooseLanguage(setting);
    return;
  }
  localStorage.removeItem(STORAGE_KEY);
  const system = initialLanguage();
  if (i18next.language !== system) void i18next.changeLanguage(system);
}

export { i18next };
