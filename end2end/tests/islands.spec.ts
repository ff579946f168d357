import { expect, test } from '@playwright/test';
import { islandsLive, openProductInStock } from './helpers';

// Only islands hydrate: the add-to-cart form and the header's count. Once they are live,
// adding to the cart changes the page in place — no navigation — and the count follows.

test('add to cart works in place once the islands are live', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.text().includes('island')) problems.push(m.text());
  });
  const button = await openProductInStock(page);
  await islandsLive(page);
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));

  await button.click();
  const status = page.getByTestId('add-to-cart-status');
  await expect(status).not.toBeEmpty();
  // The success message links to the cart; an error would say why here.
  await expect(status.locator('a[href="/cart"]'), `status: ${await status.textContent()}`).toBeVisible();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await button.click();
  await expect(page.getByTestId('cart-count')).toHaveText('2');

  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(problems).toEqual([]);
});
