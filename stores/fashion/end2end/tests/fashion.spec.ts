import { expect, test } from '@playwright/test';

test('the brand header, theme, logo and product card are the brand\'s', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.getByTestId('brand-header')).toBeVisible();
  await expect(page.locator('[data-card="fashion"]').first()).toBeVisible();
  // The theme tokens of stores/fashion/style/theme.css win over the base's.
  const brand = await page.locator('button[type="submit"]').first().evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--color-brand').trim(),
  );
  expect(brand).toBe('#1f4d3a');
  const logo = await request.get('/logo.svg');
  expect(logo.ok()).toBeTruthy();
  expect(await logo.text()).toContain('#1f4d3a');
});

test('the brand sells apparel', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Categories' })).toContainText(/women/i);
});

test('the brand\'s wording overrides single messages of the base texts', async ({ page }) => {
  await page.goto('/');
  // stores/fashion/locales/en-US.ftl sets these; the rest comes from locales/en-US.ftl.
  await expect(page.getByTestId('brand-header').getByRole('link', { name: 'Bag' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'The edit' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Shop by category' })).toBeVisible();
  await page.goto('/cart');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your bag is empty');
});
