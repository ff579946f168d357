import { expect, test } from '@playwright/test';

// The store's language and currency, and what crawlers are told about the store. The
// expected values come from its store.toml (`cargo store test` passes them); the browser's
// own Intl formatting is the reference for how a price reads in that language.
const locale = process.env.E2E_LOCALE ?? 'en-US';
const currency = process.env.E2E_CURRENCY ?? 'USD';
const baseUrl = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

test('the page language and every shown price follow the store', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  const href = await page.locator('[data-testid="product-card"] h3 a').first().getAttribute('href');
  await page.goto(href!);
  const ld = await page.locator('script[type="application/ld+json"]').allTextContents();
  const product = ld.map((t) => JSON.parse(t)).find((b) => b['@type'] === 'Product');
  expect(product, 'Product JSON-LD').toBeTruthy();
  expect(product.url).toBe(`${baseUrl}${new URL(page.url()).pathname}`);
  if (!product.offers) {
    // A store that withholds prices from guests shows none either.
    await expect(page.getByTestId('price').locator('[data-price]')).toHaveCount(0);
    return;
  }
  const selected = await page.getByTestId('sku').innerText();
  const offer = product.offers.find((o: { sku: string }) => o.sku === selected);
  expect(offer.priceCurrency).toBe(currency);
  const expected = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(offer.price));
  await expect(page.getByTestId('price')).toContainText(expected);
});

test('robots.txt and the sitemap are the store\'s own', async ({ page, request }) => {
  const robots = await (await request.get('/robots.txt')).text();
  for (const path of ['/cart', '/checkout', '/account']) expect(robots).toContain(`Disallow: ${path}`);
  expect(robots).toContain(`Sitemap: ${baseUrl}/sitemap.xml`);
  const sitemap = await (await request.get('/sitemap.xml')).text();
  const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  expect(locs.length).toBeGreaterThan(10);
  expect(locs.filter((l) => !l.startsWith(`${baseUrl}/`))).toEqual([]);
  // A product listed on the store's first category is in its sitemap.
  await page.goto('/');
  const href = await page.locator('[data-testid="product-card"] h3 a').first().getAttribute('href');
  expect(locs).toContain(`${baseUrl}${href!.split('?')[0]}`);
});
