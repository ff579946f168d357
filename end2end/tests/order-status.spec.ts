import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { placeOrderAs, shot } from './helpers';

// A guest finds their order again by number, email and postcode, and sees where it is: its status
// and dated history, moved on by the retailer with `cargo store order` (this store's
// server binary, on the test's database). In a store that sells to customers only, the
// lookup finds no order, and the customer follows it in the account.
for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'js' : 'nojs';
  test(`an order is looked up (a guest's) and followed (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ page, browser }, info) => {
    const email = `lookup-${mode}-${Date.now()}@example.com`;
    const { number, guest: asGuest } = await placeOrderAs(page, email);
    await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'placed');

    const elsewhere = await browser.newContext({ javaScriptEnabled });
    const guest = await elsewhere.newPage();
    await guest.goto(`/order/lookup?number=${number}`);
    await expect(guest.locator('#field-number')).toHaveValue(number);
    // The number, the email and the delivery postcode (helpers.ts's checkout): any one
    // wrong gets the same answer.
    await guest.locator('#field-email').fill(`someone-else-${Date.now()}@example.com`);
    await guest.locator('#field-postcode').fill('94107');
    await guest.getByTestId('lookup-form').locator('button[type=submit]').click();
    await expect(guest.getByTestId('form-error')).toBeVisible();
    const wrongEmail = await guest.getByTestId('form-error').innerText();

    await guest.goto('/order/lookup?number=NO-SUCH-ORDER');
    await guest.locator('#field-email').fill(email);
    await guest.locator('#field-postcode').fill('94107');
    await guest.getByTestId('lookup-form').locator('button[type=submit]').click();
    await expect(guest.getByTestId('form-error')).toHaveText(wrongEmail);

    await guest.goto(`/order/lookup?number=${number}`);
    await guest.locator('#field-email').fill(email);
    await guest.locator('#field-postcode').fill('10115');
    await guest.getByTestId('lookup-form').locator('button[type=submit]').click();
    await expect(guest.getByTestId('form-error')).toHaveText(wrongEmail);

    await guest.goto(`/order/lookup?number=${number}`);
    await guest.locator('#field-email').fill(email.toUpperCase());
    await guest.locator('#field-postcode').fill(' 94107 ');
    await guest.getByTestId('lookup-form').locator('button[type=submit]').click();
    if (asGuest) {
      await expect(guest).toHaveURL(new RegExp(`/order/${number}$`));
      await expect(guest.getByTestId('order-status')).toHaveAttribute('data-status', 'placed');
    } else {
      // Every detail right, and still not found: a customer's order is theirs to see.
      await expect(guest.getByTestId('form-error')).toHaveText(wrongEmail);
    }
    const viewer = asGuest ? guest : page;

    if (process.env.E2E_BACKEND !== 'vendure' && process.env.E2E_SERVER) {
      const env = { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL!, RUST_LOG: 'error' };
      execFileSync(process.env.E2E_SERVER, ['order', number, 'ship'], { env });
      await viewer.reload();
      await expect(viewer.getByTestId('order-status')).toHaveAttribute('data-status', 'shipped');
      await expect(viewer.getByTestId('status-history').locator('li')).toHaveCount(2);
      await shot(viewer, info, `order-status-history-${mode}`);
    }
    await elsewhere.close();
  });
}
