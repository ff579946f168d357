import { expect, test } from '@playwright/test';

// Lumen Market runs on Vendure: its catalog, its pictures, its custom fields, and only
// what Vendure can do offered.

test('the catalog and pictures are Vendure\'s sample', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('category-nav')).toContainText('Electronics');
  await expect(page.getByTestId('category-nav')).toContainText('Home & Garden');
  const picture = await page.getByTestId('product-card').first().locator('img').getAttribute('src');
  expect(picture).toMatch(/\/assets\/.*\?preset=/);
  const brand = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--color-brand').trim());
  expect(brand).toBe('#1d3557');
});

test('a product shows its warranty from a Vendure custom field', async ({ page }) => {
  await page.goto('/p/laptop');
  await expect(page.getByTestId('warranty')).toHaveText('24-month warranty');
  await page.goto('/p/spiky-cactus');
  await expect(page.getByTestId('stock')).toBeVisible();
  await expect(page.getByTestId('warranty')).toHaveCount(0);
});

test('what Vendure cannot do is not offered', async ({ page }) => {
  await page.goto('/c/electronics');
  // No price ranges (its search has no price filter) and no "newest" sort.
  await expect(page.locator('fieldset[data-facet]').first()).toBeVisible();
  await expect(page.locator('fieldset[data-facet="price"]')).toHaveCount(0);
  await expect(page.locator('#sort option[value="newest"]')).toHaveCount(0);
  await expect(page.locator('#sort option[value="price-asc"]')).toHaveCount(1);
  // Its facets are its own: the sample's brand facet narrows the listing.
  await page.goto('/c/electronics?brand=apple');
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  const cards = await page.getByTestId('product-card').count();
  await page.goto('/c/electronics');
  expect(await page.getByTestId('product-card').count()).toBeGreaterThan(cards);
});
