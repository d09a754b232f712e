/**
 * The '/' key focuses the search box from anywhere, as in most tools, unless the user is typing in a
 * field. In a view without one, `elsewhere` moves to the view that has it (Browse) first.
 */
const SEARCH = '[data-testid=graph-search]';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function searchShortcut(e: KeyboardEvent, elsewhere: () => void): void {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
  e.preventDefault();
  const focus = () => {
    const box = document.querySelector<HTMLInputElement>(SEARCH);
    if (!box) return false;
    box.focus();
    box.select();
    return true;
  };
  if (focus()) return;
  elsewhere();
  // The view mounts asynchronously: try for a moment, then give up quietly.
  let tries = 0;
  const timer = setInterval(() => {
    if (focus() || ++tries > 40) clearInterval(timer);
  }, 50);
}
