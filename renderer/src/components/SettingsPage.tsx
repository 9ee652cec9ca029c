import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelInput } from '../../../shared/ipc/contract';
import type { SettingsView } from '../../../shared/ipc/settings-types';
import { AUDIT_RETENTION_DAYS, LANGUAGE_SETTINGS, SYNC_INTERVAL_MINUTES, THEME_SETTINGS, safeUrlProblem, type LanguageSetting, type ThemeSetting } from '../../../shared/settings/settings';
import { call } from '../bridge';
import { errorMessage } from '../errors';
import { useAppStore } from '../store/app-store';
import { useSettingsStore } from '../store/settings-store';

type Draft = {
  kind: 'demo' | 'api';
  url: string;
  token: string;
  keep: 'saved' | 'session';
  syncIntervalMinutes: string;
  exportFolder: string | null;
  auditRetentionDays: string;
};

function draftOf(settings: SettingsView): Draft {
  return {
    kind: settings.billing.kind,
    url: settings.billing.kind === 'api' ? settings.billing.url : '',
    token: '',
    // Without a keyring, the token is kept for the session unless the clerk says otherwise.
    keep: settings.secretStorage === 'basic_text' ? 'session' : 'saved',
    syncIntervalMinutes: String(settings.syncIntervalMinutes),
    exportFolder: settings.exportFolder,
    auditRetentionDays: String(settings.auditRetentionDays),
  };
}

const inRange = (text: string, { min, max }: { min: number; max: number }) => /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max;

/** What the draft changes, as saveSettings takes it; null while a field is not valid. */
function changeOf(draft: Draft, settings: SettingsView): ChannelInput<'saveSettings'> | null {
  if (!inRange(draft.syncIntervalMinutes, SYNC_INTERVAL_MINUTES) || !inRange(draft.auditRetentionDays, AUDIT_RETENTION_DAYS)) return null;
  if (draft.kind === 'api' && safeUrlProblem(draft.url.trim())) return null;
  const change: ChannelInput<'saveSettings'> = {
    exportFolder: draft.exportFolder,
    auditRetentionDays: Number(draft.auditRetentionDays),
  };
  if (!settings.fromEnvironment.syncInterval) change.syncIntervalMinutes = Number(draft.syncIntervalMinutes);
  if (!settings.fromEnvironment.billing) change.billing = draft.kind === 'api' ? { kind: 'api', url: draft.url.trim() } : { kind: 'demo' };
  if (draft.kind === 'api' && draft.token.trim()) change.token = { value: draft.token.trim(), keep: draft.keep };
  return change;
}

/** The Settings page: the billing service and its token, the sync, language, theme, folders, diagnostics. */
export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettingsStore((s) => s.settings);
  const load = useSettingsStore((s) => s.load);
  useEffect(() => {
    if (!settings) void load().catch((error: unknown) => useAppStore.getState().toast(t('errors.generic', { message: errorMessage(error) }), 'error'));
  }, [settings, load, t]);
  if (!settings) return <main className="settings-page"><p className="loading">{t('settings.loading')}</p></main>;
  return <SettingsForm settings={settings} />;
}

function SettingsForm({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const id = useId();
  const { save, saving, saveError, testing, test, testConnection, clearTest, chooseExportFolder } = useSettingsStore();
  const [draft, setDraft] = useState(() => draftOf(settings));
  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const change = changeOf(draft, settings);
  const envBilling = settings.fromEnvironment.billing;
  const urlProblem = draft.kind === 'api' && draft.url.trim() ? safeUrlProblem(draft.url.trim()) : null;
  const needsToken = draft.kind === 'api' && !draft.token.trim() && (settings.billing.kind !== 'api' || settings.billing.url !== draft.url.trim() || settings.token === 'none');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!change || needsToken) return;
    if (await save(change)) {
      update({ token: '' });
      useAppStore.getState().toast(t('settings.saved'), 'success');
    }
  };
  const copyDiagnostics = async () => {
    try {
      await navigator.clipboard.writeText(await call('getDiagnostics'));
      useAppStore.getState().toast(t('settings.diagnosticsCopied'), 'success');
    } catch (error) {
      useAppStore.getState().toast(t('errors.generic', { message: errorMessage(error) }), 'error');
    }
  };

  return (
    <main className="settings-page">
      <form onSubmit={(e) => void onSubmit(e)} aria-describedby={saveError ? `${id}-error` : undefined}>
        <fieldset disabled={envBilling} className="settings-group">
          <legend>{t('settings.billing.title')}</legend>
          {envBilling && <p className="notice info" data-testid="billing-from-env">{t('settings.fromEnvironment', { name: 'BILLING_API_URL' })}</p>}
          <label className="choice">
            <input type="radio" name="billing-kind" checked={draft.kind === 'demo'} onChange={() => update({ kind: 'demo' })} />
            {t('settings.billing.demo')}
          </label>
          <label className="choice">
            <input type="radio" name="billing-kind" checked={draft.kind === 'api'} onChange={() => update({ kind: 'api' })} />
            {t('settings.billing.api')}
          </label>
          {draft.kind === 'api' && (
            <div className="settings-fields">
              <label htmlFor={`${id}-url`}>{t('settings.billing.url')}</label>
              <input id={`${id}-url`} type="url" inputMode="url" spellCheck={false} value={draft.url} placeholder="https://billing.example.com" aria-invalid={urlProblem ? true : undefined} aria-describedby={urlProblem ? `${id}-url-problem` : undefined} onChange={(e) => { update({ url: e.target.value }); clearTest(); }} />
              {urlProblem && <p id={`${id}-url-problem`} className="field-problem">{t('settings.billing.urlProblem')}</p>}
              <label htmlFor={`${id}-token`}>{t('settings.billing.token')}</label>
              <input id={`${id}-token`} type="password" autoComplete="off" spellCheck={false} value={draft.token} placeholder={settings.token === 'saved' || settings.token === 'session' ? t(`settings.billing.tokenKept.${settings.token}`) : ''} onChange={(e) => { update({ token: e.target.value }); clearTest(); }} />
              {settings.secretStorage === 'basic_text' && (
                <div className="notice warning" role="note">
                  <p>{t('settings.billing.basicText')}</p>
                  <label className="choice"><input type="radio" name="token-keep" checked={draft.keep === 'session'} onChange={() => update({ keep: 'session' })} />{t('settings.billing.keepSession')}</label>
                  <label className="choice"><input type="radio" name="token-keep" checked={draft.keep === 'saved'} onChange={() => update({ keep: 'saved' })} />{t('settings.billing.keepSavedAnyway')}</label>
                </div>
              )}
              {settings.secretStorage === 'file' && <p className="muted">{t('settings.billing.fileStorage')}</p>}
              {settings.secretStorage === 'os' && <p className="muted">{t('settings.billing.osStorage')}</p>}
              <div className="settings-actions">
                <button type="button" disabled={testing || !draft.url.trim()} onClick={() => void testConnection(draft.url.trim(), draft.token.trim() || undefined)}>{testing ? t('settings.billing.testing') : t('settings.billing.test')}</button>
              </div>
              <div role="status" aria-live="polite" data-testid="connection-result">
                {test?.ok === true && <p className="notice success">{t('settings.billing.testOk', { name: test.account.name, currency: test.currency })} {test.monthlySettlement ? t('settings.billing.monthlyOn') : t('settings.billing.monthlyOff')}</p>}
                {test?.ok === false && <p className="notice warning">{t(`settings.billing.problem.${test.problem}`)} {test.detail}</p>}
              </div>
            </div>
          )}
        </fieldset>

        <fieldset className="settings-group">
          <legend>{t('settings.sync.title')}</legend>
          <label htmlFor={`${id}-interval`}>{t('settings.sync.interval')}</label>
          <input id={`${id}-interval`} type="number" min={SYNC_INTERVAL_MINUTES.min} max={SYNC_INTERVAL_MINUTES.max} value={draft.syncIntervalMinutes} disabled={settings.fromEnvironment.syncInterval} aria-invalid={inRange(draft.syncIntervalMinutes, SYNC_INTERVAL_MINUTES) ? undefined : true} onChange={(e) => update({ syncIntervalMinutes: e.target.value })} />
          {settings.fromEnvironment.syncInterval && <p className="muted">{t('settings.fromEnvironment', { name: 'SETTLE_SYNC_INTERVAL_MS' })}</p>}
        </fieldset>

        <fieldset className="settings-group">
          <legend>{t('settings.look.title')}</legend>
          {/* Applied and saved as they are picked, like the header's language menu: a look is judged by seeing it. */}
          <label htmlFor={`${id}-language`}>{t('app.language')}</label>
          <select id={`${id}-language`} value={settings.language} onChange={(e) => void save({ language: e.target.value as LanguageSetting })}>
            {LANGUAGE_SETTINGS.map((code) => <option key={code} value={code}>{t(`settings.look.language.${code}`)}</option>)}
          </select>
          <label htmlFor={`${id}-theme`}>{t('settings.look.theme')}</label>
          <select id={`${id}-theme`} value={settings.theme} onChange={(e) => void save({ theme: e.target.value as ThemeSetting })}>
            {THEME_SETTINGS.map((theme) => <option key={theme} value={theme}>{t(`settings.look.themes.${theme}`)}</option>)}
          </select>
        </fieldset>

        <fieldset className="settings-group">
          <legend>{t('settings.files.title')}</legend>
          {settings.canChooseFolder ? (
            <>
              <p data-testid="export-folder">{draft.exportFolder ?? t('settings.files.documents')}</p>
              <div className="settings-actions">
                <button type="button" onClick={() => void chooseExportFolder().then((folder) => folder && update({ exportFolder: folder }))}>{t('settings.files.choose')}</button>
                {draft.exportFolder && <button type="button" onClick={() => update({ exportFolder: null })}>{t('settings.files.useDocuments')}</button>}
              </div>
            </>
          ) : (
            <p className="muted">{t('settings.files.browser')}</p>
          )}
          <label htmlFor={`${id}-retention`}>{t('settings.files.retention')}</label>
          <input id={`${id}-retention`} type="number" min={AUDIT_RETENTION_DAYS.min} max={AUDIT_RETENTION_DAYS.max} value={draft.auditRetentionDays} aria-invalid={inRange(draft.auditRetentionDays, AUDIT_RETENTION_DAYS) ? undefined : true} onChange={(e) => update({ auditRetentionDays: e.target.value })} />
          <p className="muted">{t('settings.files.retentionHint', { min: AUDIT_RETENTION_DAYS.min })}</p>
          <p className="muted">{t('settings.files.dataFolder', { path: settings.dataFolder })}</p>
        </fieldset>

        {saveError && <p id={`${id}-error`} role="alert" className="error">{saveError}</p>}
        {needsToken && <p className="muted">{t('settings.billing.tokenNeeded')}</p>}
        <div className="settings-actions">
          <button type="submit" className="primary" disabled={saving || !change || needsToken}>{saving ? t('settings.saving') : t('settings.save')}</button>
          <button type="button" onClick={() => void copyDiagnostics()}>{t('settings.copyDiagnostics')}</button>
        </div>
      </form>
    </main>
  );
}
