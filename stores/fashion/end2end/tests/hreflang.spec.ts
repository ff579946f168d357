import { expect, test } from '@playwright/test';

// The brand sells the same products in English (fashion) and German (fashion-de): each
// page names both, and the brand's root store as the default. Runs in both stores.
const alternates = {
  'en-US': 'http://127.0.0.1:3010',
  'de-DE': 'http://127.0.0.1:3011',
  'x-default': 'http://127.0.0.1:3010',
};

test('pages link their English and German versions', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('[data-testid="product-card"] h3 a').first().getAttribute('href');
  const path = href!.split('?')[0];
  for (const url of ['/', path]) {
    await page.goto(url);
    const links = page.locator('link[rel="alternate"][hreflang]');
    await expect(links).toHaveCount(3);
    for (const [lang, origin] of Object.entries(alternates)) {
      await expect(page.locator(`link[rel="alternate"][hreflang="${lang}"]`)).toHaveAttribute('href', `${origin}${url}`);
    }
  }
});
