import { expect, test } from '@playwright/test';

test('German texts and euro prices, everything else from the brand', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
  await expect(page.getByTestId('hero')).toContainText('Leise Stücke, laute Qualität');
  await expect(page.getByTestId('brand-header')).toBeVisible();
  const price = await page.locator('[data-testid="product-card"] [data-price]').first().innerText();
  expect(price).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}\u00a0€$/);
});
