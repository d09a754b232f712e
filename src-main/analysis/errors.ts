/** Errors for malformed specs. They always name the module (or aux head) so the user can find it. */

export class SpecError extends Error {
  /** The module or aux-head name; 'input' for a bad variant input. */
  readonly module: string;
  /** The node id being analysed when the error was found, if any. */
  readonly node?: string;

  constructor(module: string, detail: string, node?: string) {
    super(`module '${module}'${node ? ` (at ${node})` : ''}: ${detail}`);
    this.name = 'SpecError';
    this.module = module;
    if (node !== undefined) this.node = node;
  }
}
