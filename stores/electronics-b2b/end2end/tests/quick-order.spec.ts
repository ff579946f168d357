import { expect, test } from '@playwright/test';
import { firstCategory } from './helpers';

for (const javaScriptEnabled of [true, false]) {
  test.describe(`quick order, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('checks every typed line against catalog and stock', async ({ page }) => {
      await page.goto(await firstCategory(page));
      await page.locator('[data-testid="product-card"] h3 a').first().click();
      const sku = (await page.getByTestId('sku').innerText()).trim();
      await page.goto('/quick-order');
      await page.getByLabel('SKUs and quantities').fill(`${sku.toLowerCase()} 1\nNOPE-123 2\n${sku} 0`);
      await page.getByRole('button', { name: 'Check lines' }).click();
      const quote = page.getByTestId('quote');
      await expect(quote.locator('tr[data-status="ok"]')).toHaveCount(1);
      await expect(quote.locator('tr[data-status="error"]')).toHaveCount(2);
      await expect(quote).toContainText('NOPE-123: no such SKU in this store');
      await expect(quote).toContainText(sku);
    });
  });
}
