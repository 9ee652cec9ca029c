import type { ThemeSetting } from '../../../shared/settings/settings';

/** `system` follows the OS (the stylesheet's prefers-color-scheme); light or dark override it. */
export function applyTheme(theme: ThemeSetting): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
