import { expect, test } from '@playwright/test';
import { addSomethingToCart, validCoupon } from './helpers';

// The cart's forms, with JavaScript on and off: each posts and the server sends the
// shopper back to the cart, updated (the cart is not an island: README, "Islands").
for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('change the quantity, try coupons, empty the cart', async ({ page }) => {
      await addSomethingToCart(page);
      await page.goto('/cart');
      const line = page.getByTestId('cart-line');
      await line.locator('input[name=quantity]').fill('3');
      await line.locator('form').first().locator('button[type=submit]').click();
      await expect(page.getByTestId('cart-count')).toHaveText('3');
      await expect(line.locator('input[name=quantity]')).toHaveValue('3');

      await page.locator('#coupon').fill('NO-SUCH-CODE');
      await page.getByTestId('coupon-form').locator('button[type=submit]').click();
      await expect(page.getByTestId('form-error')).toBeVisible();
      await page.locator('#coupon').fill(validCoupon());
      await page.getByTestId('coupon-form').locator('button[type=submit]').click();
      await expect(page.getByTestId('coupon-applied')).toContainText(validCoupon().toUpperCase());
      await page.getByTestId('coupon-applied').locator('button[type=submit]').click();
      await expect(page.getByTestId('coupon-form')).toBeVisible();

      await line.locator('form').nth(1).locator('button[type=submit]').click();
      await expect(page.getByTestId('cart-empty')).toBeVisible();
      await expect(page.getByTestId('cart-count')).toHaveCount(0);
    });
  });
}
