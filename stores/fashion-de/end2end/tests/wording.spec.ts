import { expect, test } from '@playwright/test';

// Overrides the brand's English wording test (stores/fashion/end2end/tests/wording.spec.ts).
test('the chrome is German: base German texts, the brand\'s German wording on top', async ({ page }) => {
  await page.goto('/');
  // locales/de-DE.ftl (base) ...
  await expect(page.getByRole('navigation', { name: 'Kategorien' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Warenkorb' })).toBeVisible();
  // A search box, and a combobox once its island is live: found by its label either way.
  await expect(page.getByLabel('Produkte suchen', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Suchen' })).toBeVisible();
  // ... and stores/fashion-de/locales/de-DE.ftl over it; fashion's English wording stays out.
  await expect(page.getByRole('heading', { name: 'Die Auswahl' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bag', exact: true })).toHaveCount(0);

  await page.getByTestId('category-nav').getByRole('link').first().click();
  await expect(page.getByTestId('result-count')).toHaveText(/^\d+ Produkte?$/);
  await expect(page.locator('label[for="sort"]')).toHaveText('Sortieren nach');
  await expect(page.locator('fieldset[data-facet="color"] legend')).toHaveText('Farbe');
  await expect(page.getByRole('button', { name: 'Anwenden' })).toBeVisible();
});
