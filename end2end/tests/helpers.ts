import type { Page, TestInfo } from '@playwright/test';

// Helpers shared by every store's suite.

/** Keeps a full-page screenshot of every page visited, per store, as a build artifact. */
export async function shot(page: Page, _info: TestInfo, name: string) {
  const store = process.env.E2E_STORE ?? 'default';
  await page.screenshot({ path: `../target/e2e/screenshots/${store}/${name}.png`, fullPage: true });
}

/** The first category in the header navigation: every store has one, whatever its catalog. */
export async function firstCategory(page: Page): Promise<string> {
  await page.goto('/');
  const href = await page.getByTestId('category-nav').getByRole('link').first().getAttribute('href');
  return href!;
}

/** Opens the first listed product that offers another variant to switch to. */
export async function openProductWithChoices(page: Page): Promise<void> {
  const hrefs = await page.locator('[data-testid="product-card"] h3 a').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href')!),
  );
  for (const href of hrefs) {
    await page.goto(href);
    if ((await page.locator('a[data-option]:not([aria-current])').count()) > 0) return;
  }
  throw new Error(`none of ${hrefs.length} listed products has a variant to switch to`);
}
