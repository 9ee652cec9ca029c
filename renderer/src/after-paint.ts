/**
 * Runs `fn` once the browser has painted what is pending: work the clerk isn't waiting for (facet
 * counts, rows ahead) then doesn't hold up the rows they are. A page that doesn't paint (a hidden
 * window runs no animation frames) gets it a little later anyway.
 */
export function afterPaint(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, 250);
}
