import { expect, test } from '@playwright/test';
import { firstCategory } from './helpers';

test('electronics at net prices, withheld by the server until sign-in', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.getByTestId('category-nav')).toContainText('Computers');
  await expect(page.getByTestId('price-gate').first()).toBeVisible();
  await expect(page.locator('[data-testid="product-card"] [data-price]')).toHaveCount(0);
  await expect(page.getByTestId('product-grid').first()).not.toContainText('$');

  // Not hidden in the browser but never sent: no price, price facet or price sort in the HTML.
  const category = await firstCategory(page);
  const html = await (await request.get(category)).text();
  expect(html).not.toContain('data-price=');
  expect(html).not.toContain('data-facet="price"');
  const sorted = await (await request.get(`${category}?sort=price-desc`)).text();
  expect(sorted).not.toContain('data-price=');
});

test('signing up shows net prices, marked as such', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('price-gate').first().click();
  await expect(page).toHaveURL(/\/account\/sign-in\?next=%2F/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.locator('#field-name').fill('Buyer');
  await page.locator('#field-email').fill(`buyer-${Date.now()}@example.com`);
  await page.locator('#field-password').fill('purchase orders');
  await page.getByTestId('register-form').locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('[data-testid="product-card"] [data-price]').first()).toBeVisible();
  await expect(page.getByTestId('net-price').first()).toHaveText('excl. VAT');
  await expect(page.getByTestId('price-gate')).toHaveCount(0);
});

// Catalog pages come from the page cache for guests and customers alike: one page for
// each, never the other's. Each page is opened first by one of them, then by the other.
test('cached pages keep prices for customers and from guests', async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  const guest = await (await browser.newContext({ baseURL })).newPage();
  const customer = await (await browser.newContext({ baseURL })).newPage();
  await customer.goto('/account/register');
  await customer.locator('#field-name').fill('Buyer');
  await customer.locator('#field-email').fill(`cached-${Date.now()}@example.com`);
  await customer.locator('#field-password').fill('purchase orders');
  await customer.getByTestId('register-form').locator('button[type=submit]').click();
  await expect(customer).not.toHaveURL(/register/);

  const category = await firstCategory(customer);
  await customer.goto(category);
  const name = await customer.locator('[data-testid="product-card"] h3').first().innerText();
  const search = `/search?q=${encodeURIComponent(name.trim().split(/\s+/)[0])}`;
  const prices = (page: typeof guest) => page.locator('[data-testid="product-card"] [data-price]');
  for (const [path, firstIn] of [
    [`${category}?sort=newest`, guest],
    [`${category}?sort=price-asc`, customer],
    ['/', guest],
    [search, customer],
  ] as const) {
    const secondIn = firstIn === guest ? customer : guest;
    for (const page of [firstIn, secondIn, firstIn]) {
      await page.goto(path);
      if (page === customer) {
        await expect(prices(page).first(), path).toBeVisible();
        await expect(page.getByTestId('price-gate'), path).toHaveCount(0);
      } else {
        await expect(page.getByTestId('price-gate').first(), path).toBeVisible();
        await expect(prices(page), path).toHaveCount(0);
        expect(await page.content(), path).not.toContain('data-price=');
      }
    }
  }
});

// Suggestions are a catalog read like the pages: no price for a guest, whoever asked
// for the same text first; a customer's carry theirs.
test('search suggestions withhold prices from guests', async ({ browser, request }) => {
  const baseURL = test.info().project.use.baseURL;
  const customer = await (await browser.newContext({ baseURL })).newPage();
  await customer.goto('/account/register');
  await customer.locator('#field-name').fill('Buyer');
  await customer.locator('#field-email').fill(`suggest-${Date.now()}@example.com`);
  await customer.locator('#field-password').fill('purchase orders');
  await customer.getByTestId('register-form').locator('button[type=submit]').click();
  await expect(customer).not.toHaveURL(/register/);
  await customer.goto('/');
  const name = await customer.locator('[data-testid="product-card"] h3').first().innerText();
  const typed = name.trim().split(/\s+/)[0].slice(0, 4);

  const asCustomer = await customer.request.get(`/api/suggest?q=${encodeURIComponent(typed)}`);
  const mine = await asCustomer.json();
  expect(mine.products.length).toBeGreaterThan(0);
  expect(mine.products[0].price_from.minor).toBeGreaterThan(0);
  const asGuest = await (await request.get(`/api/suggest?q=${encodeURIComponent(typed)}`)).json();
  expect(asGuest.products.length).toBe(mine.products.length);
  for (const p of asGuest.products) expect(p.price_from).toEqual({ minor: 0, currency: 'XXX' });

  await customer.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  await customer.getByRole('combobox').pressSequentially(typed, { delay: 30 });
  await expect(customer.getByRole('listbox').locator('[data-price]').first()).toBeVisible();
});
