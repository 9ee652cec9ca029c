import { create } from 'zustand';
import type { ChannelInput } from '../../../shared/ipc/contract';
import type { ConnectionTestResult, SettingsView } from '../../../shared/ipc/settings-types';
import { call } from '../bridge';
import { errorMessage } from '../errors';
import { applyLanguageSetting } from '../i18n';
import { applyTheme } from '../settings/theme';

interface SettingsState {
  readonly settings: SettingsView | null;
  readonly saving: boolean;
  /** Why the last save was refused, in the app's words. */
  readonly saveError: string | null;
  readonly testing: boolean;
  readonly test: ConnectionTestResult | null;
  /** Reads the settings and applies the language and theme they hold. */
  load(): Promise<void>;
  /** Saves a change; a change that restarted the app's core starts the page over. */
  save(change: ChannelInput<'saveSettings'>): Promise<boolean>;
  testConnection(url: string, token?: string): Promise<void>;
  clearTest(): void;
  chooseExportFolder(): Promise<string | null>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  saving: false,
  saveError: null,
  testing: false,
  test: null,

  async load() {
    const settings = await call('getSettings');
    set({ settings });
    applyLanguageSetting(settings.language);
    applyTheme(settings.theme);
  },

  async save(change) {
    set({ saving: true, saveError: null });
    try {
      const { settings, restarted } = await call('saveSettings', change);
      set({ settings, saving: false });
      applyLanguageSetting(settings.language);
      applyTheme(settings.theme);
      // Another service's orders, payments and account: every store starts again from nothing.
      if (restarted) window.location.reload();
      return true;
    } catch (error) {
      set({ saving: false, saveError: errorMessage(error) });
      return false;
    }
  },

  async testConnection(url, token) {
    set({ testing: true, test: null });
    try {
      set({ test: await call('testConnection', token ? { url, token } : { url }), testing: false });
    } catch (error) {
      set({ test: { ok: false, problem: 'invalid_url', detail: errorMessage(error) }, testing: false });
    }
  },

  clearTest: () => set({ test: null }),

  async chooseExportFolder() {
    try {
      return await call('chooseExportFolder');
    } catch (error) {
      set({ saveError: errorMessage(error) });
      return null;
    }
  },
}));
