import { expect, test } from '@playwright/test';
import { islandsLive, shot } from './helpers';

// Every store, with JavaScript on and off: the forms post and redirect without it; with
// it the sign-in island answers a mistake in place.
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
      if (javaScriptEnabled) {
        await islandsLive(page);
        await page.evaluate(() => Object.assign(window, { sameDocument: true }));
      }
      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill('not the password');
      await page.getByTestId('sign-in-form').locator('button[type=submit]').click();
      await expect(page.getByTestId('form-error')).toBeVisible();
      await expect(page).toHaveURL(/\/account\/sign-in/);
      if (javaScriptEnabled) {
        // The island showed the mistake in place: same page, the address still typed in.
        expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
        await expect(page.locator('#field-email')).toHaveValue(email);
      }

      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill(password);
      await page.getByTestId('sign-in-form').locator('button[type=submit]').click();
      await expect(page.getByTestId('signed-in-as')).toContainText(email);
      await shot(page, info, `account-${javaScriptEnabled ? 'js' : 'nojs'}`);
    });
  });
}
