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

// The footer offers the other language by its own name: the same product or category
// there (siblings share the catalog), its home for a page about one shopper.
for (const javaScriptEnabled of [true, false]) {
  test(`the store switcher leads to the same page in the other language (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const here = process.env.E2E_LOCALE ?? 'en-US';
    const [other, otherOrigin] = here === 'de-DE' ? ['English', alternates['en-US']] : ['Deutsch', alternates['de-DE']];
    const mine = here === 'de-DE' ? 'Deutsch' : 'English';
    await page.goto('/');
    const category = await page.getByTestId('category-nav').getByRole('link').first().getAttribute('href');
    const product = (await page.locator('[data-testid="product-card"] h3 a').first().getAttribute('href'))!.split('?')[0];
    for (const [path, target] of [[category!, category!], [product, product], ['/cart', '/'], ['/', '/']]) {
      await page.goto(path);
      const switcher = page.getByRole('contentinfo').getByRole('navigation');
      await expect(switcher.getByRole('link')).toHaveCount(1);
      await expect(switcher.getByRole('link', { name: other })).toHaveAttribute('href', `${otherOrigin}${target}`);
      await expect(switcher.getByText(mine, { exact: true })).toHaveAttribute('aria-current', 'true');
    }
    await context.close();
  });
}
