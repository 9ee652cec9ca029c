import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { call } from '../bridge';
import { errorMessage } from '../errors';
import { useAppStore } from '../store/app-store';
import { useOrdersStore } from '../store/orders-store';
import { useSelectionStore } from '../store/selection-store';

/** A page can't write files: the browser face hands the CSV over as a download. */
export function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Exports the selection if there is one, else every order matching the filters. */
export function ExportButton() {
  const { t } = useTranslation();
  const selected = useSelectionStore((s) => s.selected);
  // Not the whole store: rows arriving while the clerk scrolls must not re-render the button.
  const { filter, sort, total } = useOrdersStore(useShallow((s) => ({ filter: s.filter, sort: s.sort, total: s.total })));
  const toast = useAppStore((s) => s.toast);
  const label = selected.length > 0 ? t('export.selected', { count: selected.length }) : t('export.filtered', { count: total ?? 0 });

  const run = async () => {
    try {
      const result = await call(
        'exportOrdersCsv',
        selected.length > 0 ? { scope: 'selection', orderIds: selected.map((o) => o.orderId) } : { scope: 'filter', filter, sort },
      );
      if (result.kind === 'download') {
        download(result.fileName, result.content);
        toast(t('export.downloaded', { count: result.rows, file: result.fileName }), 'success');
      } else if (result.kind === 'saved') toast(t('export.saved', { count: result.rows, path: result.path }), 'success');
    } catch (error) {
      toast(t('export.failed', { message: errorMessage(error) }), 'error');
    }
  };

  return (
    // What it exports is in the button's own words, not a tooltip: the selection, or everything the filters match.
    <button type="button" onClick={() => void run()} disabled={total === 0 && selected.length === 0} aria-label={label}>
      {selected.length > 0 ? t('export.buttonSelected', { count: selected.length }) : t('export.buttonFiltered', { count: total ?? 0 })}
    </button>
  );
}
