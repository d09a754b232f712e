// The one jsdom API the e2e tests use (a DOMParser in Node, to read SVG the app exported); jsdom
// ships no types and @types/jsdom would be a dependency for one constructor.
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string);
    readonly window: Window & typeof globalThis;
  }
}
