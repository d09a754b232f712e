import { describe, expect, it } from 'vitest';
import { browserDisabled, openBrowser } from '../../../src-main/server/open-browser.js';

describe('opening the system browser', () => {
  it('can be switched off for tests and CI', () => {
    expect(browserDisabled({ INCEPTION_NO_OPEN: '1' })).toBe(true);
    expect(browserDisabled({ BROWSER: 'none' })).toBe(true);
    expect(browserDisabled({ CI: 'true' })).toBe(true);
    expect(browserDisabled({})).toBe(false);
  });

  it('does not try on Linux without a display (xdg-open would take over the terminal)', async () => {
    await expect(openBrowser('http://127.0.0.1:1/', {}, 'linux')).resolves.toEqual({
      opened: false,
      reason: 'no graphical display (DISPLAY is not set)',
    });
  });

  it('reports a missing opener instead of failing', async () => {
    const r = await openBrowser('http://127.0.0.1:1/', { DISPLAY: ':99', PATH: '/nonexistent' }, 'linux');
    expect(r.opened).toBe(false);
  });
});
