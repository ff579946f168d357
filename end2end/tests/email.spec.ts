import { expect, test } from '@playwright/test';
import { mailTo, placeOrder, shot } from './helpers';

// What the store emails, read from the files its server writes without SMTP: the order
// confirmation, and the password reset link, used to choose a new password. A store on
// Vendure has Vendure's own mail and accounts, so only the confirmation applies there.
const embedded = process.env.E2E_BACKEND !== 'vendure';
const baseUrl = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
const locale = process.env.E2E_LOCALE ?? 'en-US';

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('an order is confirmed by email, with its number and a link back', async ({ page }) => {
      const email = `confirm-${mode}-${Date.now()}@example.com`;
      const number = await placeOrder(page, email);
      const total = (await page.getByTestId('total').locator('[data-price]').textContent())!.trim();
      const text = (await mailTo(email, number)).replace(/\u00a0/g, ' ');
      // In the store's language, with the total as the store writes money.
      expect(text).toContain(locale.startsWith('de') ? 'Bestellnummer' : 'Order number');
      expect(text).toContain(total.replace(/\u00a0/g, ' '));
      expect(text).toContain('San Francisco 94107');
      // A guest's link is the order lookup; a customer's, the order in the account.
      expect(text).toMatch(new RegExp(`${baseUrl}/order/(lookup\\?number=)?${number}`));
    });

    test('a forgotten password is reset through the emailed link, once', async ({ page, browser }) => {
      test.skip(!embedded, 'the backend keeps the accounts and their passwords');
      const email = `reset-${mode}-${Date.now()}@example.com`;
      await page.goto('/account/register');
      await page.locator('#field-name').fill('Grace Hopper');
      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill('the first secret');
      await page.getByTestId('register-form').locator('button[type=submit]').click();
      await expect(page).not.toHaveURL(/register/);

      const stranger = await browser.newContext({ javaScriptEnabled });
      const other = await stranger.newPage();
      await other.goto('/account/sign-in');
      await other.getByTestId('forgot-link').click();
      await expect(other).toHaveURL(/\/account\/forgot$/);
      await other.locator('#field-email').fill(email);
      await other.getByTestId('forgot-form').locator('button[type=submit]').click();
      // With JavaScript the answer shows before the redirect lands; the next goto waits for it.
      await expect(other).toHaveURL(/\/account\/forgot\?sent=1$/);
      await expect(other.getByTestId('reset-sent')).toBeVisible();
      // The same answer for an email without an account.
      await other.goto('/account/forgot');
      await other.locator('#field-email').fill(`nobody-${Date.now()}@example.com`);
      await other.getByTestId('forgot-form').locator('button[type=submit]').click();
      // With JavaScript the answer shows before the redirect lands; the next goto waits for it.
      await expect(other).toHaveURL(/\/account\/forgot\?sent=1$/);
      await expect(other.getByTestId('reset-sent')).toBeVisible();

      const text = await mailTo(email, '/account/reset?token=');
      const link = text.match(/https?:\/\/\S+\/account\/reset\?token=[A-Za-z0-9_.%-]+/)![0];
      const path = link.replace(/^https?:\/\/[^/]+/, '');
      await other.goto(path);
      await other.locator('#field-password').fill('a second secret');
      await other.getByTestId('reset-form').locator('button[type=submit]').click();
      await expect(other.getByTestId('password-changed')).toBeVisible();
      await shot(other, test.info(), `password-changed-${mode}`);

      // The browser that registered was signed out; the link works no more.
      await page.goto('/account');
      await expect(page.getByTestId('sign-in-form')).toBeVisible();
      await other.goto(path);
      await expect(other.getByTestId('reset-invalid')).toBeVisible();
      await stranger.close();
    });
  });
}
