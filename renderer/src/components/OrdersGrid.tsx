import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderRow } from '../../../shared/ipc/types';
import { useFormatters } from '../format';
import { useServerNow } from '../server-clock';
import { useAppStore } from '../store/app-store';
import { useOrdersStore } from '../store/orders-store';
import { useSelectionStore } from '../store/selection-store';
import { useUiStore } from '../store/ui-store';
import { OrderRowView, rowDomId } from './OrderRowView';
import { rowText } from './row-text';

export const ROW_HEIGHT = 36;
const SCROLLING_OVERSCAN = 12;
const RESTING_OVERSCAN = 6;

/**
 * The orders as a virtual table: only the rows in view (and a few around) exist in the DOM, and
 * rows are fetched from the cache a window at a time as they scroll into view. ARIA row indexes
 * and the row count tell assistive technology how big the whole table is.
 */
export function OrdersGrid() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const now = useServerNow();
  const online = useAppStore((s) => s.sync?.online ?? true);
  // Narrow subscriptions: facet counts arriving, or a details panel opening, must not re-render rows.
  const total = useOrdersStore((s) => s.total);
  const windows = useOrdersStore((s) => s.windows);
  const ensureRows = useOrdersStore((s) => s.ensureRows);
  const rowAt = useOrdersStore((s) => s.rowAt);
  const selected = useSelectionStore((s) => s.selected);
  const toggle = useSelectionStore((s) => s.toggle);
  const extendTo = useSelectionStore((s) => s.extendTo);
  const activeIndex = useUiStore((s) => s.activeIndex);
  const setActive = useUiStore((s) => s.setActive);
  const showDetails = useUiStore((s) => s.showDetails);
  const setViewRange = useUiStore((s) => s.setViewRange);
  const checkout = useSelectionStore((s) => s.checkout);
  const text = useMemo(() => rowText(t), [t]);
  // The header re-renders with the language only, not on every scroll frame.
  const head = useMemo(
    () => (
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="row head">
          <div role="columnheader" className="cell check"><span className="visually-hidden">{t('table.selectColumn')}</span></div>
          <div role="columnheader" className="cell">{t('table.orderNoAndCreated')}</div>
          <div role="columnheader" className="cell">{t('table.serviceAndOrderType')}</div>
          <div role="columnheader" className="cell">{t('table.status')}</div>
          <div role="columnheader" className="cell num">{t('table.amount')}</div>
          <div role="columnheader" className="cell">{t('table.expires')}</div>
          <div role="columnheader" className="cell">{t('table.markers')}</div>
          <div role="columnheader" className="cell"><span className="visually-hidden">{t('table.actions')}</span></div>
        </div>
      </div>
    ),
    [t],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;

  // The sticky header shares the scroller with the rows: the rows start one row down (scrollMargin),
  // and a row scrolled to must not hide under the header (scrollPaddingStart).
  const virtualizerRef = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows beyond the visible ones: while scrolling, more than a fast fling moves in a frame (the
    // render lags the scroll by a frame, see useFlushSync); at rest, a few, so that a new filter's
    // rows, all new, are fewer to build, lay out and paint.
    overscan: virtualizerRef.current?.isScrolling ? SCROLLING_OVERSCAN : RESTING_OVERSCAN,
    scrollMargin: ROW_HEIGHT,
    scrollPaddingStart: ROW_HEIGHT,
    // By default every scroll event re-renders synchronously (flushSync), inside the frame that
    // then lays out and paints: one long task a frame. Without it the render is a task of its own,
    // and the overscan (more rows than a fast fling moves in a frame) covers the frame it lags.
    useFlushSync: false,
  });
  virtualizerRef.current = virtualizer;
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const anchor = useSelectionStore((s) => s.anchor);
  useEffect(() => {
    // Space, Enter and Shift act on the active row and the anchor even after a scroll away from them.
    if (count > 0) ensureRows(first, last, anchor === null ? [activeIndex] : [activeIndex, anchor]);
  }, [first, last, count, windows, ensureRows, activeIndex, anchor]);
  useEffect(() => {
    // The rows wholly on screen (below the sticky header): what "in view" means for Ctrl/Cmd+A.
    const el = scrollRef.current;
    if (!el || count === 0) return setViewRange(0, -1);
    const top = Math.ceil(el.scrollTop / ROW_HEIGHT);
    const bottom = Math.floor((el.scrollTop + el.clientHeight) / ROW_HEIGHT) - 2;
    setViewRange(Math.min(top, count - 1), Math.max(Math.min(bottom, count - 1), Math.min(top, count - 1)));
  }, [first, last, count, setViewRange]);
  const shownActive = useRef(activeIndex);
  useEffect(() => {
    // The active row stays on screen when it moves (a key, a new query). Only then, and only if it
    // is off screen: a scroll call while the clerk scrolls away would pull the table back to it.
    const el = scrollRef.current;
    if (shownActive.current === activeIndex || !el || count === 0) return;
    shownActive.current = activeIndex;
    const top = (activeIndex + 1) * ROW_HEIGHT;
    if (top < el.scrollTop + ROW_HEIGHT) virtualizerRef.current?.scrollToIndex(activeIndex, { align: 'start' });
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) virtualizerRef.current?.scrollToIndex(activeIndex, { align: 'end' });
  }, [activeIndex, count]);

  const selectedIds = useMemo(() => new Set(selected.map((o) => o.orderId)), [selected]);
  const payDisabledReason = online ? null : t('sync.payNeedsConnection');

  const onToggle = useCallback(
    (row: OrderRow, index: number, shift: boolean) => {
      setActive(index, row.orderId);
      void (shift ? extendTo(index) : toggle(row, index));
    },
    [setActive, extendTo, toggle],
  );
  const onOpen = useCallback((row: OrderRow, index: number) => {
    setActive(index, row.orderId);
    showDetails(row.orderId);
  }, [setActive, showDetails]);
  // A combined purchase is paid whole: Pay on one member checks out the group, if the rules allow.
  const onPay = useCallback((row: OrderRow) => void checkout([row.orderId], row.orderId), [checkout]);

  const move = (index: number, extend: boolean) => {
    const next = Math.max(0, Math.min(count - 1, index));
    setActive(next, rowAt(next)?.orderId ?? null);
    if (extend) void extendTo(next, activeIndex);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const row = rowAt(activeIndex);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const handled = (() => {
      switch (e.key) {
        case 'ArrowDown': return move(activeIndex + 1, e.shiftKey), true;
        case 'ArrowUp': return move(activeIndex - 1, e.shiftKey), true;
        case 'PageDown': return move(activeIndex + page, e.shiftKey), true;
        case 'PageUp': return move(activeIndex - page, e.shiftKey), true;
        case 'Home': return move(0, e.shiftKey), true;
        case 'End': return move(count - 1, e.shiftKey), true;
        case ' ': return row ? (void toggle(row, activeIndex), true) : false;
        case 'Enter': return row ? (showDetails(row.orderId), true) : false;
        case 'p':
        case 'P': return row && online && !e.ctrlKey && !e.metaKey && !e.altKey ? (onPay(row), true) : false;
        default: return false;
      }
    })();
    if (handled) e.preventDefault();
  };

  if (total === 0) return null;
  return (
    <div className="grid">
      {/* One tab stop: arrow keys move between rows inside, as ARIA's grid pattern has it. */}
      <div
        ref={scrollRef}
        role="grid"
        aria-label={t('table.name')}
        aria-rowcount={count + 1}
        aria-activedescendant={rowAt(activeIndex) ? rowDomId(rowAt(activeIndex)!.orderId) : undefined}
        aria-describedby="grid-keys"
        className="grid-scroll"
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="orders-scroll"
      >
        {head}
        <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const top = item.start - ROW_HEIGHT;
            if (!row) return <div key={item.key} role="row" aria-rowindex={item.index + 2} className="row placeholder" style={{ transform: `translateY(${top}px)` }} />;
            return (
              <OrderRowView
                key={row.orderId}
                row={row}
                index={item.index}
                now={now}
                selected={selectedIds.has(row.orderId)}
                active={item.index === activeIndex}
                canPay={online}
                payDisabledReason={payDisabledReason}
                fmt={fmt}
                text={text}
                top={top}
                onToggle={onToggle}
                onOpen={onOpen}
                onPay={onPay}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
