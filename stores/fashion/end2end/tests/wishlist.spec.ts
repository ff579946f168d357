import { expect, test } from '@playwright/test';
import { firstCategory } from './helpers';

for (const javaScriptEnabled of [true, false]) {
  test.describe(`wishlist, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('save a product, find it on the wishlist, remove it', async ({ page }) => {
      await page.goto('/wishlist');
      await expect(page.getByTestId('wishlist-empty')).toBeVisible();

      await page.goto(await firstCategory(page));
      const link = page.locator('[data-testid="product-card"] h3 a').first();
      const name = (await link.innerText()).trim();
      await link.click();
      await expect(page.getByTestId('wishlist-toggle')).toHaveAttribute('aria-pressed', 'false');
      await page.getByTestId('wishlist-toggle').click();
      await expect(page.getByTestId('wishlist-toggle')).toHaveAttribute('aria-pressed', 'true');

      await page.goto('/wishlist');
      await expect(page.getByTestId('product-card')).toHaveCount(1);
      await expect(page.getByTestId('product-card')).toContainText(name);

      await page.getByTestId('product-card').locator('h3 a').click();
      await page.getByTestId('wishlist-toggle').click();
      await expect(page.getByTestId('wishlist-toggle')).toHaveAttribute('aria-pressed', 'false');
      await page.goto('/wishlist');
      await expect(page.getByTestId('wishlist-empty')).toBeVisible();
    });
  });
}

// A product page comes from the page cache in two versions, saved and not: a shopper who
// saved the product gets the first, everyone else the second.
test('one shopper saving a product leaves it unsaved for another', async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  const saver = await (await browser.newContext({ baseURL })).newPage();
  const other = await (await browser.newContext({ baseURL, javaScriptEnabled: false })).newPage();
  await saver.goto(await firstCategory(saver));
  await saver.locator('[data-testid="product-card"] h3 a').first().click();
  const product = new URL(saver.url()).pathname;
  await saver.getByTestId('wishlist-toggle').click();
  await expect(saver.getByTestId('wishlist-toggle')).toHaveAttribute('aria-pressed', 'true');
  await saver.reload();
  await expect(saver.getByTestId('wishlist-toggle')).toHaveAttribute('aria-pressed', 'true');
  await other.goto(product);
  await expect(other.getByTestId('wishlist-toggle')).toHaveAttribute('aria-pressed', 'false');
  await saver.goto(product);
  await expect(saver.getByTestId('wishlist-toggle')).toHaveAttribute('aria-pressed', 'true');
});
