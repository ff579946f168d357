import { expect, test } from '@playwright/test';

test('German texts and euro prices, everything else from the brand', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
  await expect(page.getByTestId('hero')).toContainText('Leise Stücke, laute Qualität');
  await expect(page.getByTestId('brand-header')).toBeVisible();
  const price = await page.locator('[data-testid="product-card"] [data-price]').first().innerText();
  expect(price).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}\u00a0€$/);
});

test('the chrome is German: base German texts, the brand\'s German wording on top', async ({ page }) => {
  await page.goto('/');
  // locales/de-DE.ftl (base) ...
  await expect(page.getByRole('navigation', { name: 'Kategorien' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Warenkorb' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Produkte suchen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Suchen' })).toBeVisible();
  // ... and stores/fashion-de/locales/de-DE.ftl over it; fashion's English wording stays out.
  await expect(page.getByRole('heading', { name: 'Die Auswahl' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bag' })).toHaveCount(0);

  await page.getByTestId('category-nav').getByRole('link').first().click();
  await expect(page.getByTestId('result-count')).toHaveText(/^\d+ Produkte?$/);
  await expect(page.locator('label[for="sort"]')).toHaveText('Sortieren nach');
  await expect(page.locator('fieldset[data-facet="color"] legend')).toHaveText('Farbe');
  await expect(page.getByRole('button', { name: 'Anwenden' })).toBeVisible();
});
