import { expect, test } from '@playwright/test';

// A child store in another language overrides this file with its own wording test.
test('the brand\'s wording overrides single messages of the base texts', async ({ page }) => {
  await page.goto('/');
  // stores/fashion/locales/en-US.ftl sets these; the rest comes from locales/en-US.ftl.
  await expect(page.getByTestId('brand-header').getByRole('link', { name: 'Bag', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'The edit' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Shop by category' })).toBeVisible();
  await page.goto('/cart');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bag');
  await expect(page.getByTestId('cart-empty')).toContainText('Your bag is empty');
});
