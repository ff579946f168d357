import { expect, test } from '@playwright/test';
import { shot } from './helpers';

// Every store, with JavaScript on and off: the forms post and redirect without it.
for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('register, sign out, a wrong password, sign in again', async ({ page }, info) => {
      const email = `shopper-${javaScriptEnabled ? 'js' : 'nojs'}-${Date.now()}@example.com`;
      const password = 'a long enough secret';
      await page.goto('/account/register');
      await page.locator('#field-name').fill('Test Shopper');
      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill(password);
      await shot(page, info, `register-${javaScriptEnabled ? 'js' : 'nojs'}`);
      await page.getByTestId('register-form').locator('button[type=submit]').click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByTestId('signed-in-as')).toContainText(email);

      await page.getByTestId('account').locator('button[type=submit]').click();
      await expect(page).toHaveURL(/\/$/);
      await page.goto('/account/sign-in');
      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill('not the password');
      await page.getByTestId('sign-in-form').locator('button[type=submit]').click();
      await expect(page.getByTestId('form-error')).toBeVisible();
      await expect(page).toHaveURL(/\/account\/sign-in/);

      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill(password);
      await page.getByTestId('sign-in-form').locator('button[type=submit]').click();
      await expect(page.getByTestId('signed-in-as')).toContainText(email);
      await shot(page, info, `account-${javaScriptEnabled ? 'js' : 'nojs'}`);
    });
  });
}
