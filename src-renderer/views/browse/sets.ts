/** Immutable set updates for the view state (expanded modules, unfolded runs, open rows): a new set each time. */
export const setOf = <T>(items: Iterable<T>): ReadonlySet<T> => new Set(items);
export const withAdded = <T>(s: ReadonlySet<T>, ...items: T[]): ReadonlySet<T> => new Set([...s, ...items]);
export function without<T>(s: ReadonlySet<T>, ...items: T[]): ReadonlySet<T> {
  const next = new Set(s);
  for (const i of items) next.delete(i);
  return next;
}
export const toggled = <T>(s: ReadonlySet<T>, item: T): ReadonlySet<T> =>
  s.has(item) ? without(s, item) : withAdded(s, item);
