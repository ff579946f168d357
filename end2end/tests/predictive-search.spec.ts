import { expect, test, type Page } from '@playwright/test';
import { islandsLive, shot } from './helpers';

// The header's search box suggests products, categories and brands as the shopper types:
// an ARIA 1.2 combobox, driven from the keyboard; without JavaScript a plain search form.

/** The longest word of the first product on the home page, and its first four letters. */
async function aProductWord(page: Page): Promise<{ typed: string; word: string }> {
  await page.goto('/');
  const name = (await page.locator('[data-testid="product-card"] h3 a').first().innerText()).trim();
  const word = name.split(/[^\p{L}\p{N}]+/u).reduce((a, b) => (b.length > a.length ? b : a), '').toLowerCase();
  return { typed: word.slice(0, 4), word };
}

test('typing suggests matching products; arrows choose one and Enter opens it', async ({ page }, info) => {
  const { typed } = await aProductWord(page);
  await islandsLive(page);
  const box = page.getByRole('combobox', { name: /./ });
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await box.pressSequentially(typed.slice(0, 1));
  await page.waitForTimeout(400);
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await box.pressSequentially(typed.slice(1), { delay: 30 });

  const listbox = page.getByRole('listbox');
  await expect(listbox).toBeVisible();
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  const options = listbox.getByRole('option');
  expect(await options.count()).toBeGreaterThan(0);
  // The typed letters are in bold where they start a word of a suggestion.
  const first = options.first();
  await expect(listbox.locator('mark', { hasText: new RegExp(`^${typed}$`, 'i') }).first()).toBeVisible();
  await expect(page.getByTestId('suggestion-count')).toHaveText(/\d/);
  await shot(page, info, 'predictive-search-open');

  await page.keyboard.press('ArrowDown');
  const id = await first.getAttribute('id');
  await expect(box).toHaveAttribute('aria-activedescendant', id!);
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  const href = await first.getAttribute('href');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${href!.replace(/[.?*+^$()|[\]\\]/g, '\\$&')}$`));
});

test('Escape closes the suggestions; Enter without a choice searches', async ({ page }) => {
  const { typed } = await aProductWord(page);
  await islandsLive(page);
  const box = page.getByRole('combobox', { name: /./ });
  await box.pressSequentially(typed, { delay: 30 });
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toBeHidden();
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(box).toHaveValue(typed);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${typed}$`));
  await expect(page.getByTestId('result-count')).toBeVisible();
});

test('a category is suggested by its name and a click opens it', async ({ page }) => {
  await page.goto('/');
  const link = page.getByTestId('category-nav').getByRole('link').first();
  // Its text as written: a store's header may show it in capitals (CSS).
  const name = (await link.textContent())!.trim();
  const href = await link.getAttribute('href');
  await islandsLive(page);
  await page.getByRole('combobox', { name: /./ }).pressSequentially(name.slice(0, 3), { delay: 30 });
  const escaped = name.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  const exactly = new RegExp('^' + escaped + '$', 'i');
  await page.getByRole('listbox').getByRole('option', { name: exactly }).first().click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});

test('a word typed with two letters swapped still finds the product', async ({ page }) => {
  test.skip(process.env.E2E_BACKEND === 'vendure', 'Vendure\'s search matches words as typed');
  const { word } = await aProductWord(page);
  test.skip(word.length < 4, `"${word}" is too short to forgive a mistake in`);
  const at = [...word].findIndex((c, i) => i > 0 && i + 1 < word.length && c !== word[i + 1]);
  const mistyped = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  await islandsLive(page);
  await page.getByRole('combobox', { name: /./ }).pressSequentially(mistyped, { delay: 20 });
  // The list may show an earlier, shorter text's answer first (on a busy machine a pause
  // between keys outlasts the debounce): the answer to the whole word is what counts.
  await expect(page.getByRole('listbox').getByRole('option').filter({ hasText: new RegExp(word, 'i') }).first()).toBeVisible();
});

test('without JavaScript the box is a plain search form', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const { typed } = await aProductWord(page);
  await expect(page.getByRole('combobox')).toHaveCount(0);
  await page.getByTestId('search-input').fill(typed);
  await page.getByTestId('search-input').press('Enter');
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${typed}$`));
  await expect(page.getByTestId('result-count')).toBeVisible();
  await context.close();
});
