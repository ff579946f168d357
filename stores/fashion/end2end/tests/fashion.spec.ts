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
  await expect(page.getByTestId('category-nav')).toContainText(/women/i);
});
