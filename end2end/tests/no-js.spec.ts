import { expect, test } from '@playwright/test';
import { firstCategory, openProductWithChoices, shot } from './helpers';

test.use({ javaScriptEnabled: false });

test('filters, sort, pages and variants work without JavaScript', async ({ page }, info) => {
  await page.goto(await firstCategory(page));
  const total = Number((await page.getByTestId('result-count').innerText()).split(' ')[0]);

  const brand = page.locator('fieldset[data-facet="brand"] input').first();
  await brand.check();
  await page.locator('select#sort').selectOption('price-asc');
  await page.locator('#facets button[type=submit]').click();
  await expect(page).toHaveURL(/brand=.*sort=price-asc|sort=price-asc.*brand=/);
  const filtered = Number((await page.getByTestId('result-count').innerText()).split(' ')[0]);
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(total);
  const prices = await page.locator('[data-testid="product-card"] [data-price]').evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-price'))),
  );
  expect(prices).toEqual([...prices].sort((a, b) => a - b));
  await shot(page, info, 'category-no-js');

  await openProductWithChoices(page);
  const link = page.locator('a[data-option]:not([aria-current])').first();
  const option = await link.getAttribute('data-option');
  const value = await link.getAttribute('data-value');
  await link.click();
  await expect(page.getByTestId(`selected-${option}`)).toHaveText(value!);
  await shot(page, info, 'product-no-js');
});
