import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';

export function Toasts() {
  const { t } = useTranslation();
  const { toasts, dismissToast } = useAppStore();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast ${toast.tone}`} data-testid="toast">
          <span>{toast.text}</span>
          <button type="button" aria-label={t('toast.dismiss')} onClick={() => dismissToast(toast.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
