import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { afterPaint } from './after-paint';
import { call, onUnauthorised } from './bridge';
import { listenToAppEvents } from './store/app-events';
import { useAppStore } from './store/app-store';
import { useOrdersStore } from './store/orders-store';
import { i18next } from './i18n';
import { reportUncaughtErrors } from './settings/uncaught-errors';
import { useSettingsStore } from './store/settings-store';
import './styles.css';

// Listen to the app's events before the first rows are asked for, or a sync that ended in between
// would go unheard; then ask for the rows before React has rendered anything: they are what the
// clerk waits for. The app holds its background work (the first sync among it) until they are
// painted; if this word never arrives, it starts after a few seconds anyway.
onUnauthorised(() => useAppStore.getState().lockOut());
reportUncaughtErrors((message) => useAppStore.getState().toast(i18next.t('settings.uncaught', { message }), 'error'));
listenToAppEvents();
useAppStore.getState().start();
void useSettingsStore.getState().load().catch(() => undefined);
void useOrdersStore
  .getState()
  .reload()
  .then(() => afterPaint(() => void call('pageShown').catch(() => undefined)));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
