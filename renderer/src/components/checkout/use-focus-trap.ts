import { useEffect, type RefObject } from 'react';

/** The traps open now, innermost last: only the innermost one moves the focus (a receipt over the results). */
const openTraps: RefObject<HTMLElement | null>[] = [];

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab and Shift+Tab inside the dialog while it is open, and gives the focus back to where it
 * was when it closes: a keyboard user never lands on the page behind a modal.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    openTraps.push(ref);
    const onKeyDown = (e: KeyboardEvent) => {
      const root = ref.current;
      if (e.key !== 'Tab' || !root || openTraps.at(-1) !== ref) return;
      const items = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
      const first = items[0];
      const last = items.at(-1);
      if (!first || !last) return;
      const inside = root.contains(document.activeElement);
      if (e.shiftKey && (document.activeElement === first || !inside)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      openTraps.splice(openTraps.lastIndexOf(ref), 1);
      previous?.focus();
    };
  }, [ref, active]);
}
