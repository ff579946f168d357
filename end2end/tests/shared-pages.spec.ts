import { Browser, expect, Page, test } from '@playwright/test';
import { addSomethingToCart, firstCategory, islandsLive, openProductInStock } from './helpers';

// Catalog pages come from the page cache for every shopper, cookies or not (README,
// "Page cache"): the cart's count is read by its island after the page loads, so two
// shoppers on the same cached page each see their own cart, and a shopper without a cart
// (or without JavaScript) sees none.

async function shopper(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, javaScriptEnabled });
  return context.newPage();
}

/** Adds `quantity` of the first product in stock, in place; answers the product's path. */
async function add(page: Page, quantity: number): Promise<string> {
  const button = await openProductInStock(page);
  const path = new URL(page.url()).pathname;
  await islandsLive(page);
  await page.locator('#quantity').fill(String(quantity));
  await button.click();
  await expect(page.getByTestId('cart-count')).toHaveText(String(quantity));
  return path;
}

test('two shoppers on the same cached pages each see their own cart', async ({ browser }) => {
  const first = await shopper(browser);
  const second = await shopper(browser);
  const anonymous = await shopper(browser);
  const noScript = await shopper(browser, false);

  const product = await add(first, 1);
  // The second shopper has an account: its cart is in its session.
  await second.goto('/account/register');
  await second.locator('#field-name').fill('Second Shopper');
  await second.locator('#field-email').fill(`second-${Date.now()}@example.com`);
  await second.locator('#field-password').fill('correct horse battery');
  await second.getByTestId('register-form').locator('button[type=submit]').click();
  await expect(second).not.toHaveURL(/register/);
  await add(second, 2);

  const category = await firstCategory(anonymous);
  for (const path of [category, product, '/']) {
    // The anonymous visit first: the others get the page it put in the cache.
    await anonymous.goto(path);
    await first.goto(path);
    await second.goto(path);
    await noScript.goto(path);
    await islandsLive(first);
    await islandsLive(second);
    await expect(first.getByTestId('cart-count'), path).toHaveText('1');
    await expect(second.getByTestId('cart-count'), path).toHaveText('2');
    await islandsLive(anonymous);
    await expect(anonymous.getByTestId('cart-count'), path).toHaveCount(0);
    await expect(noScript.locator('a[href="/cart"]').first(), path).toBeVisible();
    await expect(first.locator('body'), path).not.toContainText('Second Shopper');
  }
});

test('without JavaScript an add lands on the cart, which counts it', async ({ browser }) => {
  const page = await shopper(browser, false);
  await addSomethingToCart(page);
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-count')).toHaveText('1');
});
