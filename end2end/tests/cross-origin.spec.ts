import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { addSomethingToCart, firstCategory, islandsLive } from './helpers';

// Another origin on the same host (another store, say: browsers send a host's cookies to
// every port of it) posts to this store, with JavaScript and without. The store refuses
// before anything changes; its own pages keep working under its Content-Security-Policy.

/** Serves `html` from another origin (another port of 127.0.0.1) for the test's length. */
async function otherOrigin(html: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/** A page elsewhere whose form adds to this store's cart: sent by a click. */
function attackPage(baseURL: string | undefined, autoSubmit: boolean): string {
  return `<form id="add" method="post" action="${baseURL}/api/cart-add">
       <input name="sku" value="x"><input name="quantity" value="5">
       <button type="submit">Win a prize</button></form>
     ${autoSubmit ? "<script>document.getElementById('add').submit()</script>" : ''}`;
}

test('a form posted from another origin changes nothing', async ({ page, baseURL }) => {
  await addSomethingToCart(page);
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  const attacker = await otherOrigin(attackPage(baseURL, true));
  try {
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/cart-add'));
    await page.goto(attacker.url);
    expect((await refused).status()).toBe(403);
    await expect(page.getByTestId('error-page')).toBeVisible();
  } finally {
    attacker.close();
  }
  await page.goto('/cart');
  await expect(page.getByTestId('cart-count')).toHaveText('1');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a form submitted on another origin changes nothing', async ({ page, baseURL }) => {
    const attacker = await otherOrigin(attackPage(baseURL, false));
    try {
      await page.goto(attacker.url);
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/cart-add'));
      await page.getByRole('button', { name: 'Win a prize' }).click();
      expect((await refused).status()).toBe(403);
      await expect(page.getByTestId('error-page')).toBeVisible();
    } finally {
      attacker.close();
    }
    await page.goto('/cart');
    await expect(page.getByTestId('cart-empty')).toBeVisible();
  });
});

test('a fetch from another origin is refused too', async ({ page, baseURL }) => {
  const attacker = await otherOrigin('<p>elsewhere</p>');
  try {
    await page.goto(attacker.url);
    const status = await page.evaluate(async (target) => {
      const res = await fetch(`${target}/api/sign-in`, {
        method: 'POST',
        mode: 'no-cors',
        credentials: 'include',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=eve%40example.com&password=not-yours-1',
      });
      return res.type;
    }, baseURL);
    // An opaque answer to the page; what the server said is checked below.
    expect(status).toBe('opaque');
  } finally {
    attacker.close();
  }
  const direct = await page.request.post(`${baseURL}/api/sign-in`, {
    headers: { origin: 'http://127.0.0.1:1', 'content-type': 'application/x-www-form-urlencoded' },
    data: 'email=eve%40example.com&password=not-yours-1',
  });
  expect(direct.status()).toBe(403);
});

test('the store\'s own pages run under their policy without a violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(m.text());
  });
  for (const path of ['/', await firstCategory(page), '/cart', '/account/sign-in']) {
    const response = await page.goto(path);
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response!.headers()['x-content-type-options']).toBe('nosniff');
    await islandsLive(page);
  }
  expect(violations).toEqual([]);
});
