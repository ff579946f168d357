import { expect, test } from '@playwright/test';
import { addSomethingToCart, backendTakesPayments, countryName, enterDetails, expectEnteredAddress, homeCountry, shot } from './helpers';

// Every store, with JavaScript on and off: every step is a form that posts and redirects.
for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('a guest buys: cart, details, review, order confirmation', async ({ page }, info) => {
      await addSomethingToCart(page);
      await expect(page.getByTestId('cart-count')).toHaveText('1');
      await page.goto('/cart');
      await expect(page.getByTestId('cart-line')).toHaveCount(1);
      await shot(page, info, `cart-${mode}`);
      await page.getByTestId('to-checkout').click();
      await expect(page).toHaveURL(/\/checkout$/);

      // A declined test card comes back with the message and nothing is ordered: at the
      // details step from our provider, or at "place order" from a backend that takes
      // payments itself.
      await enterDetails(page, `guest-${mode}-${Date.now()}@example.com`, '4000 0000 0000 0002', javaScriptEnabled);
      if (backendTakesPayments()) {
        await expect(page).toHaveURL(/\/checkout\/review$/);
        await page.getByTestId('place-order-form').locator('button[type=submit]').click();
        await expect(page.getByTestId('form-error')).toBeVisible();
        await expect(page).toHaveURL(/\/checkout\/review(\?|$)/);
        await page.goto('/cart');
        await expect(page.getByTestId('cart-line')).toHaveCount(1);
        await page.goto('/checkout');
      } else {
        await expect(page.getByTestId('form-error')).toBeVisible();
        if (javaScriptEnabled) {
          // The details form is an island: the refusal is shown without leaving the page.
          expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
        }
      }
      await expect(page.locator('#name')).toHaveValue('Grace Hopper');

      await enterDetails(page, null);
      await expect(page).toHaveURL(/\/checkout\/review$/);
      await expectEnteredAddress(page);
      await shot(page, info, `review-${mode}`);
      await page.getByTestId('place-order-form').locator('button[type=submit]').click();
      await expect(page).toHaveURL(/\/order\/[A-Z0-9-]+$/);
      await expect(page.getByTestId('order-number')).toBeVisible();
      await expect(page.getByTestId('order-lines').locator('tbody tr')).toHaveCount(1);
      await expectEnteredAddress(page);
      await shot(page, info, `order-${mode}`);
      await expect(page.getByTestId('cart-count')).toHaveCount(0);
    });

    test('countries are offered by their names in the store\'s language, its own first', async ({ page }) => {
      await addSomethingToCart(page);
      await page.goto('/checkout');
      const options = page.locator('#country option');
      await expect(options.first()).toHaveAttribute('value', homeCountry);
      await expect(options.first()).toHaveText(countryName(homeCountry));
      const codes = await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(codes.length).toBeGreaterThan(1);
      for (const [i, code] of codes.entries()) await expect(options.nth(i)).toHaveText(countryName(code));
      await expect(page.locator('#country')).toHaveValue(homeCountry);
    });

    test('a customer registers, buys and finds the order in the account', async ({ page }) => {
      const email = `customer-${mode}-${Date.now()}@example.com`;
      await page.goto('/account/register');
      await page.locator('#field-name').fill('Grace Hopper');
      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill('a long enough secret');
      await page.getByTestId('register-form').locator('button[type=submit]').click();
      await expect(page.getByTestId('no-orders')).toBeVisible();

      // An address book entry becomes the default and fills in the checkout.
      await page.getByTestId('address-book-link').click();
      await page.locator('#name').fill('Grace Hopper');
      await page.locator('#line1').fill('1 Harbor Way');
      await page.locator('#country').selectOption('US');
      await page.locator('#postcode').fill('94107');
      await page.locator('#city').fill('San Francisco');
      await page.getByTestId('address-form').locator('button[type=submit]').click();
      await expect(page.getByTestId('address')).toHaveCount(1);
      await expect(page.getByTestId('default-address')).toBeVisible();

      await addSomethingToCart(page);
      await page.goto('/checkout');
      await expect(page.locator('#line1')).toHaveValue('1 Harbor Way');
      await enterDetails(page, null);
      await expect(page).toHaveURL(/\/checkout\/review$/);
      await page.getByTestId('place-order-form').locator('button[type=submit]').click();
      const number = (await page.getByTestId('order-number').innerText()).trim();

      await page.goto('/account');
      await page.getByTestId('order-history').getByRole('link', { name: number }).click();
      await expect(page).toHaveURL(new RegExp(`/account/orders/${number}$`));
      await expect(page.getByTestId('order-number')).toHaveText(number);
    });
  });
}
