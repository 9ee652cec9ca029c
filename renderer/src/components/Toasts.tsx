import { useAppStore } from '../store/app-store';

export function Toasts() {
  const { toasts, dismissToast } = useAppStore();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast ${toast.tone}`} data-testid="toast">
          <span>{toast.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
