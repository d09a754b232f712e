/**
 * Presenter keys: arrows, PageUp/PageDown (what most clickers send), Space, Home/End, L for the
 * laser and Esc to leave. Pure, so it is unit-tested.
 */
export type PresenterAction = 'next' | 'previous' | 'first' | 'last' | 'laser' | 'exit';

export function presenterAction(key: string, shift = false): PresenterAction | undefined {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'PageDown':
      return 'next';
    case ' ':
      return shift ? 'previous' : 'next';
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
    case 'Backspace':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'l':
    case 'L':
      return 'laser';
    case 'Escape':
      return 'exit';
    default:
      return undefined;
  }
}
