import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useOrdersStore } from './store/orders-store';
import './i18n';
import './styles.css';

// Ask the cache for the first rows before React has rendered anything: the answer is what the clerk waits for.
useOrdersStore.getState().reload();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
