import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BridgeError, call } from '../bridge';
import { errorMessage } from '../errors';
import { useAppStore } from '../store/app-store';
import { useUiStore } from '../store/ui-store';
import { useFocusTrap } from './checkout/use-focus-trap';

/** What went wrong, as the clerk is told: a refusal by the billing service with its code, or any other failure. */
type Failure = { readonly kind: 'refused'; readonly code: string; readonly message: string } | { readonly kind: 'failed'; readonly message: string };

function failureOf(error: unknown): Failure {
  if (error instanceof BridgeError && error.error.code === 'refused') return { kind: 'refused', code: error.error.details?.bssCode ?? '', message: error.error.message };
  return { kind: 'failed', message: errorMessage(error) };
}

/**
 * "Cancel order": asks first, saying it can't be undone and that a combined purchase is cancelled
 * whole (naming its other orders), then cancels at the billing service. Main refreshes the cache,
 * and the list reloads on the orders-changed event, so the cancelled orders leave it.
 */
export function CancelOrderDialog() {
  const { t } = useTranslation();
  const order = useUiStore((s) => s.cancelling);
  const askCancel = useUiStore((s) => s.askCancel);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  useFocusTrap(dialogRef, order !== null);
  useEffect(() => {
    setBusy(false);
    setFailure(null);
    // The safe choice has the focus: Enter alone never cancels anything.
    if (order) keepRef.current?.focus();
  }, [order]);
  if (!order) return null;

  const others = order.combinedOrderId ? order.groupMembers.filter((m) => m.orderId !== order.orderId) : [];
  const count = others.length + 1;
  const close = () => askCancel(null);
  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const { cancelled } = await call('cancelOrder', { orderId: order.orderId });
      const { toast } = useAppStore.getState();
      toast(cancelled.length > 1 ? t('cancelOrder.doneGroup', { count: cancelled.length, ids: cancelled.join(', ') }) : t('cancelOrder.done', { id: cancelled[0] ?? order.orderId }), 'success');
      const ui = useUiStore.getState();
      if (ui.detailsOrderId !== null && cancelled.includes(ui.detailsOrderId)) ui.showDetails(null);
      close();
      // The button the dialog came from has gone with the details: the keyboard goes on from the
      // search box, which stays whatever the list becomes (the table may be about to empty).
      requestAnimationFrame(() => {
        if (!document.activeElement || document.activeElement === document.body) document.querySelector<HTMLElement>('.toolbar input[type="search"]')?.focus();
      });
    } catch (error) {
      setFailure(failureOf(error));
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop">
      <div ref={dialogRef} role="alertdialog" aria-modal="true" aria-labelledby="cancel-title" aria-describedby="cancel-what" className="dialog cancel-dialog">
        <h2 id="cancel-title">{others.length > 0 ? t('cancelOrder.titleGroup', { count }) : t('cancelOrder.title', { id: order.orderId })}</h2>
        <div id="cancel-what">
          <p>
            <strong>{t('cancelOrder.cannotUndo')}</strong> {t('cancelOrder.consequence')}
          </p>
          {others.length > 0 && (
            <>
              <p>{t('cancelOrder.groupWhole', { id: order.orderId, count: others.length })}</p>
              <ul className="cancel-members">
                <li className="order-no">{order.orderId}</li>
                {others.map((m) => (
                  <li key={m.orderId} className="order-no">{m.orderId}</li>
                ))}
              </ul>
            </>
          )}
        </div>
        {failure && (
          <p role="alert" className="alert-inline cancel-failure">
            {failure.kind === 'refused' ? t('cancelOrder.refused', { code: failure.code, message: failure.message }) : t('cancelOrder.failed', { message: failure.message })}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" ref={keepRef} onClick={close}>{t('cancelOrder.keep', { count })}</button>
          <button type="button" className="danger" onClick={() => void confirm()} disabled={busy} aria-busy={busy}>
            {busy ? t('cancelOrder.cancelling') : t('cancelOrder.confirm', { count })}
          </button>
        </div>
      </div>
    </div>
  );
}
