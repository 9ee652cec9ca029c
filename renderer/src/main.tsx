import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useAppStore } from './store/app-store';
import { useOrdersStore } from './store/orders-store';
import './i18n';
import './styles.css';

// Listen to the app's events before the first rows are asked for, or a sync that ended in between
// would go unheard; then ask for the rows before React has rendered anything: they are what the
// clerk waits for.
useAppStore.getState().start();
useOrdersStore.getState().reload();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
