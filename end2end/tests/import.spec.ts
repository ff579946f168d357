import { test, expect } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { shot } from './helpers';

// A retailer's own catalog: the Shopify export in the server's test fixtures, imported
// by this store's binary (`server import`, what `cargo store import` runs) into a
// database of its own, without demo data, and served by a second server of this store.

const server = process.env.E2E_SERVER ?? '../target/release/server';
const fixture = path.resolve('../server/tests/fixtures/catalog/products.csv');
const port = Number(process.env.E2E_PORT ?? 3100) + 50;
const base = `http://127.0.0.1:${port}`;

test.describe('an imported catalog', () => {
  test.skip(process.env.E2E_BACKEND === 'vendure', 'catalog files fill our own backend');
  test.describe.configure({ mode: 'serial' });
  let running: ChildProcess | undefined;

  test.beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imported-'));
    const env = {
      ...process.env,
      DATABASE_URL: `sqlite://${dir}/shop.db`,
      DATA_DIR: dir,
      DEMO_DATA: '0',
      RUST_LOG: 'warn',
    };
    execFileSync(server, ['import', fixture], { env, stdio: 'pipe' });
    running = spawn(server, [], { env: { ...env, ADDR: `127.0.0.1:${port}` }, stdio: 'ignore' });
    await expect
      .poll(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.status, { timeout: 30_000 })
      .toBe(200);
  });

  test.afterAll(() => {
    running?.kill();
  });

  test('a product page shows its photo in every width and its variants with their prices', async ({ page }, info) => {
    await page.goto(`${base}/p/arctic-parka`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Arctic Parka');
    const photo = page.getByTestId('gallery').locator('img').first();
    await expect(photo).toHaveAttribute('srcset', /\/images\/[0-9a-f]{32}\/320\.webp 320w, .* 1200w$/);
    await expect(photo).toHaveAttribute('width', '1200');
    await expect(photo).toHaveAttribute('height', '1500');
    await expect(photo).toHaveAttribute('alt', 'Arctic Parka in navy, front');
    // Loaded for real: the browser chose a width from the srcset and decoded it.
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await photo.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\.webp$/);
    const gated = (await page.getByTestId('price-gate').count()) > 0;
    if (!gated) {
      await expect(page.getByTestId('price')).toContainText('249');
      await expect(page.getByTestId('compare-at')).toContainText('299');
    }
    await shot(page, info, 'imported-product');

    await page.locator('a[aria-label$=" Red"]').first().click();
    await expect(page).toHaveURL(/color=Red/);
    await expect(page.getByTestId('sku')).toHaveText(/PARKA-RED-/);
    await expect(photo).toHaveAttribute('alt', 'Arctic Parka in red, front');
    if (!gated) {
      await expect(page.getByTestId('price')).toContainText('259');
      await expect(page.getByTestId('compare-at')).toHaveCount(0);
    }
    // The description's formatting is kept, its script is not.
    await expect(page.getByTestId('description').locator('b')).toHaveText('recycled');
    await expect(page.getByTestId('description').locator('script')).toHaveCount(0);
  });

  test('drafts are not for sale and a listing shows the photo as a card', async ({ page }) => {
    expect((await page.goto(`${base}/p/draft-scarf`))?.status()).toBe(404);
    await page.goto(`${base}/c/parkas`);
    const card = page.getByTestId('product-card').first();
    await expect(card).toContainText('Arctic Parka');
    await expect(card.locator('img')).toHaveAttribute('srcset', /320\.webp 320w/);
  });
});
