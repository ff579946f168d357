import { expect, test } from '@playwright/test';
import { addSomethingToCart, enterDetails } from './helpers';

// Overrides the base checkout suite: this store sells to signed-in business customers
// only, at net prices with VAT added at checkout.
for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a guest is asked to sign in; a customer buys at net prices plus VAT', async ({ page }) => {
      await addSomethingToCart(page);
      await page.goto('/cart');
      await expect(page.getByTestId('total').locator('[data-price]')).toHaveCount(0);
      await page.goto('/checkout');
      await expect(page.getByTestId('checkout-sign-in')).toBeVisible();

      await page.getByTestId('checkout-sign-in').getByRole('link').click();
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.locator('#field-name').fill('Buyer');
      await page.locator('#field-email').fill(`buyer-${mode}-${Date.now()}@example.com`);
      await page.locator('#field-password').fill('purchase orders');
      await page.getByTestId('register-form').locator('button[type=submit]').click();
      await expect(page).toHaveURL(/\/checkout$/);

      // The guest cart is the customer's now, priced net with VAT added.
      await enterDetails(page, null);
      await expect(page).toHaveURL(/\/checkout\/review$/);
      await expect(page.getByTestId('tax')).toContainText('Tax (20 %)');
      await page.getByTestId('place-order-form').locator('button[type=submit]').click();
      await expect(page.getByTestId('order-number')).toBeVisible();
      await expect(page.getByTestId('tax')).toContainText('Tax (20 %)');
    });
  });
}
