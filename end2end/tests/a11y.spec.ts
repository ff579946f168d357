import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addSomethingToCart, enterDetails, firstCategory } from './helpers';

// axe-core on every page of the store, signed out and signed in, with a cart and an
// order: any serious or critical violation fails, named by rule and element.
async function blockingViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  // AXE_LOG=1 prints every finding, minor ones too.
  if (process.env.AXE_LOG) console.log(page.url(), results.violations.map((v) => `${v.id}:${v.impact}`).join(' '));
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return blocking.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`,
  );
}

async function audit(page: Page, name: string) {
  expect(await blockingViolations(page), `${name} (${page.url()})`).toEqual([]);
}

test('the audit finds what it is meant to find', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => {
    const field = document.createElement('input');
    field.type = 'text';
    document.querySelector('main')!.append(field);
    document.querySelector('img')!.removeAttribute('alt');
  });
  const found = (await blockingViolations(page)).map((v) => v.split(' ')[0]);
  expect(found).toEqual(expect.arrayContaining(['label', 'image-alt']));
});

test('every page a shopper reaches signed out passes axe', async ({ page }) => {
  // Eleven pages, each audited whole: about 25 s on 2 cores alone, more beside another
  // test's server; the default 30 s is a budget for one flow, not for eleven.
  test.slow();
  await page.goto('/');
  await audit(page, 'home');
  const category = await firstCategory(page);
  await page.goto(category);
  await audit(page, 'category');
  await page.locator('#facets input[type=checkbox]').first().check();
  await expect(page).toHaveURL(/\?.+=/);
  await audit(page, 'category with a facet');
  const product = await page.locator('[data-testid="product-card"] h3 a').first().getAttribute('href');
  await page.goto(product!);
  await audit(page, 'product');
  await page.goto('/search?q=a');
  await audit(page, 'search');
  await page.goto('/cart');
  await audit(page, 'empty cart');
  await page.goto('/account/sign-in');
  await audit(page, 'sign-in');
  await page.goto('/account/register');
  await audit(page, 'register');
  await page.goto('/p/no-such-product');
  await audit(page, 'not found');
  for (const path of ['/wishlist', '/quick-order']) {
    const res = await page.goto(path);
    if (res?.status() === 200) await audit(page, path);
  }
});

test('every page of a signed-in purchase passes axe', async ({ page }) => {
  test.slow();
  await page.goto('/account/register');
  await page.locator('#field-name').fill('Ada Lovelace');
  await page.locator('#field-email').fill(`axe-${Date.now()}@example.com`);
  await page.locator('#field-password').fill('a long enough secret');
  await page.getByTestId('register-form').locator('button[type=submit]').click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await audit(page, 'account');
  await page.getByTestId('address-book-link').click();
  await audit(page, 'address book');
  await addSomethingToCart(page);
  await audit(page, 'product after adding');
  await page.goto('/cart');
  await audit(page, 'cart');
  await page.goto('/checkout');
  await audit(page, 'checkout');
  await enterDetails(page, null);
  await expect(page).toHaveURL(/\/checkout\/review$/);
  await audit(page, 'review');
  await page.getByTestId('place-order-form').locator('button[type=submit]').click();
  await expect(page.getByTestId('order-number')).toBeVisible();
  await audit(page, 'order');
  await page.goto('/account');
  await page.locator('a[href^="/account/orders/"]').first().click();
  await audit(page, 'account order');
});

test('order lookup, a forgotten password and the open search suggestions pass', async ({ page }) => {
  await page.goto('/order/lookup');
  await audit(page, 'order lookup');
  const forgot = await page.goto('/account/forgot');
  if (forgot?.status() === 200) await audit(page, 'forgot password');
  await page.goto('/');
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  const name = (await page.locator('[data-testid="product-card"] h3 a').first().innerText()).trim();
  await page.getByRole('combobox').pressSequentially(name.slice(0, 3), { delay: 30 });
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await audit(page, 'search suggestions open');
});
