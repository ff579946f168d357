import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

// Helpers shared by every store's suite.

/**
 * Keeps a full-page screenshot of every page visited, per store, as a build artifact.
 * An artifact, not a check: Chromium sometimes cannot capture one on a busy machine
 * ("Unable to capture screenshot"), and that must not fail the test it documents.
 */
export async function shot(page: Page, _info: TestInfo, name: string) {
  const store = process.env.E2E_STORE ?? 'default';
  const path = `../target/e2e/screenshots/${store}/${name}.png`;
  await page.screenshot({ path, fullPage: true }).catch((e: Error) => {
    console.warn(`screenshot ${path} not taken: ${e.message.split('\n')[0]}`);
  });
}

/** The first category in the header navigation: every store has one, whatever its catalog. */
export async function firstCategory(page: Page): Promise<string> {
  await page.goto('/');
  const href = await page.getByTestId('category-nav').getByRole('link').first().getAttribute('href');
  return href!;
}

/**
 * What each backend's demo data holds that a test cannot find on a page: a coupon it
 * accepts (typed in lower case: codes are case-insensitive). `cargo store test` sets
 * E2E_BACKEND from the store's `[backend] kind`.
 */
export function validCoupon(): string {
  return process.env.E2E_BACKEND === 'vendure' ? 'save10' : 'welcome10';
}

/**
 * Whether the store's backend takes payments itself (the `payments` capability): then a
 * declining card passes the details step and is declined by the backend at "place order".
 */
export function backendTakesPayments(): boolean {
  return process.env.E2E_BACKEND === 'vendure';
}

/**
 * A value of a listing's facets (any but price) that narrows the listing: fewer products
 * than the page lists now. Facets are whatever the store's backend names.
 */
export async function narrowingFacetValue(page: Page): Promise<Locator> {
  const total = Number((await page.getByTestId('result-count').innerText()).replace(/[^0-9]/g, ''));
  const inputs = page.locator('fieldset[data-facet]:not([data-facet="price"]) input');
  for (let i = 0; i < (await inputs.count()); i++) {
    const input = inputs.nth(i);
    const count = Number(await input.locator('xpath=following-sibling::span[last()]').innerText());
    // By its id: the page re-renders on the change, and a position may then name another value.
    if (count > 0 && count < total) return page.locator(`#${await input.getAttribute('id')}`);
  }
  throw new Error(`no facet value narrows the ${total} products listed`);
}

/** Opens the first listed product that offers another variant to switch to. */
export async function openProductWithChoices(page: Page): Promise<void> {
  const hrefs = await page.locator('[data-testid="product-card"] h3 a').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href')!),
  );
  for (const href of hrefs) {
    await page.goto(href);
    if ((await page.locator('a[data-option]:not([aria-current])').count()) > 0) return;
  }
  throw new Error(`none of ${hrefs.length} listed products has a variant to switch to`);
}

/** Opens the first product of the first category that can be bought; returns its add button. */
export async function openProductInStock(page: Page): Promise<Locator> {
  await page.goto(await firstCategory(page));
  const hrefs = await page.locator('[data-testid="product-card"] h3 a').evaluateAll((links) =>
    links.map((a) => a.getAttribute('href')!),
  );
  for (const href of hrefs) {
    await page.goto(href);
    const button = page.getByTestId('add-to-cart').locator('button[type=submit]');
    if (!(await button.isDisabled())) return button;
  }
  throw new Error('no product in stock in the first category');
}

/** Puts one item of the first product that can be bought into the cart. */
export async function addSomethingToCart(page: Page): Promise<void> {
  await (await openProductInStock(page)).click();
  await page.getByTestId('cart-count').waitFor();
}

/** Waits until the page's islands have hydrated (the app marks `<html data-hydrated>`). */
export async function islandsLive(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/**
 * Fills the checkout details and continues to the review page. With `marked`, waits for
 * the islands and marks the document first, so a test can tell an answer in place
 * (`sameDocument`) from a page load.
 */
export async function enterDetails(
  page: Page,
  email: string | null,
  payment: 'invoice' | string = 'invoice',
  marked = false,
) {
  await page.goto('/checkout');
  if (marked) {
    await islandsLive(page);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  }
  if (email !== null) await page.locator('#email').fill(email);
  await page.locator('#name').fill('Grace Hopper');
  await page.locator('#line1').fill('1 Harbor Way');
  await page.locator('#country').selectOption('US');
  await page.locator('#postcode').fill('94107');
  await page.locator('#city').fill('San Francisco');
  if (payment === 'invoice') {
    await page.locator('input[name=payment][value=invoice]').check();
  } else {
    await page.locator('input[name=payment][value=card]').check();
    await page.locator('#card').fill(payment);
  }
  await page.getByTestId('checkout-form').locator('button[type=submit]').click();
}

const storeLocale = process.env.E2E_LOCALE ?? 'en-US';
/** The store's own country: its locale's region (every demo store ships there). */
export const homeCountry = storeLocale.split('-')[1] ?? 'US';
/** A country's name in the store's language, by the browser's own CLDR data. */
export function countryName(code: string): string {
  return new Intl.DisplayNames([storeLocale], { type: 'region' }).of(code)!;
}

/**
 * The address `enterDetails` types, as the review and order pages lay it out: the town
 * line as the US writes it, and the country named unless it is the store's own.
 */
export async function expectEnteredAddress(page: Page) {
  const lines = ['Grace Hopper', '1 Harbor Way', 'San Francisco 94107'];
  if (homeCountry !== 'US') lines.push(countryName('US'));
  const shown = await page.getByTestId('postal-address').innerText();
  expect(shown.split('\n').map((l) => l.trim()).filter(Boolean)).toEqual(lines);
}

/** The folder the store's server writes its mail to (no SMTP in the browser suites). */
function mailFolder(): string {
  const store = process.env.E2E_STORE ?? 'default';
  return `../target/e2e/${store}/data/mail/${store}`;
}

/** A part's body as text, from base64 or quoted-printable. */
function decodePart(part: string): string {
  const [head, ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/**
 * Waits for a message to `to` whose text contains `containing`, and returns its text
 * parts decoded. The server writes each message as an .eml file (no SMTP_URL).
 */
export async function mailTo(to: string, containing: string): Promise<string> {
  const { readdirSync, readFileSync, existsSync } = await import('node:fs');
  let found = '';
  await expect
    .poll(
      () => {
        if (!existsSync(mailFolder())) return false;
        for (const name of readdirSync(mailFolder()).filter((n) => n.endsWith('.eml'))) {
          const raw = readFileSync(`${mailFolder()}/${name}`, 'utf8');
          if (!raw.toLowerCase().includes(to.toLowerCase())) continue;
          const text = raw.split(/\r?\n--[^\r\n]+/).map(decodePart).join('\n');
          if (text.includes(containing)) {
            found = text;
            return true;
          }
        }
        return false;
      },
      { message: `a message to ${to} with "${containing}"`, timeout: 20_000 },
    )
    .toBe(true);
  return found;
}

/**
 * Places an order with `email` and returns its number: as a guest, or, in a store that
 * sells to signed-in customers only (its checkout asks to sign in), as a new customer
 * registered with that email.
 */
export async function placeOrder(page: Page, email: string): Promise<string> {
  return (await placeOrderAs(page, email)).number;
}

/** [`placeOrder`], telling whether the order is a guest's (else a new customer's). */
export async function placeOrderAs(page: Page, email: string): Promise<{ number: string; guest: boolean }> {
  await addSomethingToCart(page);
  await page.goto('/checkout');
  const guest = (await page.getByTestId('checkout-sign-in').count()) === 0;
  if (!guest) {
    await page.goto('/account/register?next=%2Fcheckout');
    await page.locator('#field-name').fill('Grace Hopper');
    await page.locator('#field-email').fill(email);
    await page.locator('#field-password').fill('a long enough secret');
    await page.getByTestId('register-form').locator('button[type=submit]').click();
    await expect(page).toHaveURL(/\/checkout$/);
    await enterDetails(page, null);
  } else {
    await enterDetails(page, email);
  }
  await page.getByTestId('place-order-form').locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/order\/[A-Z0-9-]+$/);
  return { number: (await page.getByTestId('order-number').innerText()).trim(), guest };
}
