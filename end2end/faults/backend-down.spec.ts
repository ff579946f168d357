import { expect, test } from '@playwright/test';
import { addSomethingToCart, firstCategory } from '../tests/helpers';

// A store on an external backend (Vendure), with that backend frozen mid-run: `cargo store
// test` runs this file on its own after the store's suite, with the backend's process id.
// SIGSTOP leaves connections open and unanswered, the hardest way to be down.
const pid = Number(process.env.E2E_BACKEND_PID);

test('with the backend down, cached catalog pages answer, the rest is the 503 page, and all recovers', async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(180_000);
  expect(pid, 'E2E_BACKEND_PID names the backend process').toBeGreaterThan(0);
  const category = await firstCategory(page);
  for (const path of ['/', category]) {
    expect((await request.get(path)).status(), path).toBe(200);
  }
  const shopper = await (await browser.newContext()).newPage();
  await addSomethingToCart(shopper);

  process.kill(pid, 'SIGSTOP');
  try {
    for (const path of ['/', category]) {
      expect((await request.get(path)).status(), `${path} from the page cache`).toBe(200);
    }
    const uncached = await request.get(`/search?q=backend-down-${Date.now()}`);
    expect(uncached.status()).toBe(503);
    expect(uncached.headers()['retry-after']).toBeTruthy();
    const cart = await shopper.goto('/cart');
    expect(cart!.status()).toBe(503);
  } finally {
    process.kill(pid, 'SIGCONT');
  }

  const cart = await shopper.goto('/cart');
  expect(cart!.status()).toBe(200);
  await expect(shopper.getByTestId('cart-line')).toHaveCount(1);
  expect((await request.get(`/search?q=back-again-${Date.now()}`)).status()).toBe(200);
});
