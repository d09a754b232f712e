/** One screen in both languages (the top bar's picker), `where` scrolled to the centre first. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export function shooter(out: string, prefix = '') {
  return async function shoot(page: Page, name: string, where: string): Promise<void> {
    for (const locale of ['en', 'ko']) {
      await page.getByTestId('locale-switch').first().selectOption(locale);
      // Centred, so a tall picture shows whole with the controls above it where they fit.
      await page
        .getByTestId(where)
        .first()
        .evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await page.waitForTimeout(800);
      const file = join(out, `${prefix}${name}-1280x720-${locale}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
    await page.getByTestId('locale-switch').first().selectOption('en');
  };
}
