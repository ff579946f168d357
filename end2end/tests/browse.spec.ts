import { expect, test } from '@playwright/test';
import { firstCategory, narrowingFacetValue, openProductWithChoices, shot } from './helpers';

test('home → category → filter → product → switch variant', async ({ page }, info) => {
  await page.goto('/');
  await expect(page.getByTestId('hero')).toBeVisible();
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  await shot(page, info, 'home');

  await page.getByTestId('category-nav').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/c\//);
  await expect(page.locator('h1')).toBeVisible();
  await shot(page, info, 'category');
  const before = await page.getByTestId('result-count').innerText();

  // With JavaScript, a change submits the filter form at once (no Apply click).
  const narrowing = await narrowingFacetValue(page);
  const facet = await narrowing.getAttribute('name');
  const value = await narrowing.getAttribute('value');
  await narrowing.check();
  await expect(page).toHaveURL(new RegExp(`${facet}=${encodeURIComponent(value!).replace(/%20/g, '\\+')}`));
  await expect(page.getByTestId('result-count')).not.toHaveText(before);
  await expect(page.locator(`fieldset[data-facet="${facet}"] input:checked`)).toHaveCount(1);
  await shot(page, info, 'category-filtered');

  await page.goto(await firstCategory(page));
  await openProductWithChoices(page);
  await expect(page).toHaveURL(/\/p\//);
  await expect(page.getByTestId('price')).toBeVisible();
  await shot(page, info, 'product');

  const sku = await page.getByTestId('sku').innerText();
  const other = page.locator('a[data-option]:not([aria-current])').first();
  const option = await other.getAttribute('data-option');
  const choice = await other.getAttribute('data-value');
  await other.click();
  await expect(page).toHaveURL(new RegExp(`${option}=`));
  await expect(page.getByTestId(`selected-${option}`)).toHaveText(choice!);
  await expect(page.getByTestId('sku')).not.toHaveText(sku);
  await shot(page, info, 'product-variant');
});

test('search ranks matching products and keeps facets', async ({ page }, info) => {
  await page.goto('/');
  const name = (await page.getByTestId('product-card').first().locator('h3').innerText()).trim();
  // Locale-neutral locators: this suite runs for every store, in its own language.
  await page.locator('#site-search').fill(name);
  await page.locator('form[role=search] button[type=submit]').click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByTestId('product-card').first().locator('h3')).toHaveText(name);
  await expect(page.locator('fieldset[data-facet="brand"]')).toBeVisible();
  await shot(page, info, 'search');
});

test('unknown pages answer 404 with the not-found page', async ({ page }, info) => {
  for (const path of ['/p/no-such-product', '/c/no-such-category', '/no/such/page']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
  }
  await shot(page, info, 'not-found');
});

test('a malformed query answers 400, a page past the end offers a way back', async ({ page }, info) => {
  const category = await firstCategory(page);
  const bad = await page.goto(`${category}?sort=cheapest`);
  expect(bad?.status()).toBe(400);
  await expect(page.getByTestId('error-page')).toContainText('cheapest');
  await shot(page, info, 'bad-query');

  const far = await page.goto(`${category}?page=9999`);
  expect(far?.status()).toBe(200);
  await page.getByTestId('back-to-last-page').click();
  await expect(page.getByTestId('product-card').first()).toBeVisible();
});
