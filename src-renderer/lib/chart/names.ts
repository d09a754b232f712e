/** Run names as a list shows them: unique (a repeat gets " (2)", " (3)"…), and a name filter. */

/** Display names for ids in order: the first keeps its name, later repeats get a suffix. */
export function uniqueNames(items: { id: string; name: string }[]): Map<string, string> {
  const taken = new Set<string>();
  const out = new Map<string, string>();
  for (const it of items) {
    let name = it.name;
    for (let k = 2; taken.has(name); k++) name = `${it.name} (${k})`;
    taken.add(name);
    out.set(it.id, name);
  }
  return out;
}

/**
 * TensorBoard's run filter: a regular expression, case-insensitive; text that is not a valid
 * expression is matched as a plain substring. Empty matches everything.
 */
export function nameMatcher(filter: string): { test: (name: string) => boolean; regex: boolean } {
  const f = filter.trim();
  if (!f) return { test: () => true, regex: false };
  try {
    const re = new RegExp(f, 'i');
    return { test: (n) => re.test(n), regex: true };
  } catch {
    const low = f.toLowerCase();
    return { test: (n) => n.toLowerCase().includes(low), regex: false };
  }
}
