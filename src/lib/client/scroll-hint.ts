/**
 * A Svelte action for a row that scrolls sideways (the nav on a phone): marks which ends have more
 * behind them (`data-more` = left | right | both, absent when all fits), which app.css fades, and
 * scrolls the current link (`a.active`) into view when the page changes.
 */
export function scrollHint(node: HTMLElement, key: unknown) {
  const mark = () => {
    const left = node.scrollLeft > 1;
    const right = node.scrollLeft + node.clientWidth < node.scrollWidth - 1;
    const more = left && right ? 'both' : left ? 'left' : right ? 'right' : '';
    if (more) node.dataset.more = more;
    else delete node.dataset.more;
  };
  const showActive = () => {
    const a = node.querySelector<HTMLElement>('a.active');
    if (!a) return;
    const [l, r] = [a.offsetLeft - node.offsetLeft, a.offsetLeft - node.offsetLeft + a.offsetWidth];
    // Only the row scrolls (scrollIntoView would scroll the page as well).
    if (l < node.scrollLeft) node.scrollLeft = l - 24;
    else if (r > node.scrollLeft + node.clientWidth) node.scrollLeft = r - node.clientWidth + 24;
    mark();
  };
  const observer = new ResizeObserver(mark);
  observer.observe(node);
  node.addEventListener('scroll', mark, { passive: true });
  showActive();
  mark();
  return {
    update(next: unknown) {
      if (next !== key) { key = next; queueMicrotask(showActive); }
    },
    destroy() {
      observer.disconnect();
      node.removeEventListener('scroll', mark);
    },
  };
}
