import { expect, test } from '@playwright/test';

test('electronics at net prices, shown only after sign-in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Categories' })).toContainText('Computers');
  await expect(page.getByTestId('price-gate').first()).toBeVisible();
  await expect(page.locator('[data-testid="product-card"] [data-price]')).toHaveCount(0);
  await expect(page.getByTestId('product-grid').first()).not.toContainText('$');
});
