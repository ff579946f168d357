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
