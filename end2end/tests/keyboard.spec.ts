import { expect, test, type Page } from '@playwright/test';
import { addSomethingToCart, enterDetails, firstCategory, openProductWithChoices } from './helpers';

// Everything a shopper does with the mouse works from the keyboard alone, and the
// element that has focus shows it.

/** Presses Tab until `matches` holds for the focused element; fails after `limit` presses. */
async function tabTo(page: Page, what: string, matches: (el: Element) => boolean, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(`(${matches.toString()})(document.activeElement)`);
    if (found) {
      const outline = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement!);
        return `${style.outlineStyle} ${style.outlineWidth}`;
      });
      expect(outline, `focus on ${what} is visible`).not.toMatch(/^none|\s0px$/);
      return;
    }
  }
  throw new Error(`${what} is not reachable with Tab`);
}

test('the skip link is the first stop and jumps to the content', async ({ page }) => {
  await page.goto('/');
  await tabTo(page, 'skip link', (el) => el.getAttribute('href') === '#main', 1);
  await expect(page.locator('a[href="#main"]')).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});

test('variant selector and gallery work from the keyboard', async ({ page }) => {
  await page.goto(await firstCategory(page));
  await openProductWithChoices(page);
  await page.locator('body').focus();
  await tabTo(page, 'another variant', (el) => el.hasAttribute('data-option') && !el.hasAttribute('aria-current'));
  const value = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.value);
  await page.keyboard.press('Enter');
  await expect(page.locator(`a[data-value="${value}"][aria-current]`)).toHaveCount(1);

  // A product with one picture has one view to show (Vendure's sample products have one).
  const views = await page.getByTestId('gallery').locator('ul a').count();
  if (views > 1) {
    await page.locator('body').focus();
    await tabTo(page, 'second gallery view', (el) => (el.getAttribute('href') ?? '').includes('view=1'));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/view=1/);
  } else {
    await expect(page.getByTestId('gallery').locator('img').first()).toBeVisible();
  }
});

test('facets apply from the keyboard', async ({ page }) => {
  await page.goto(await firstCategory(page));
  await tabTo(page, 'a facet', (el) => el.matches('#facets input[type=checkbox]'));
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\?.*=/);
  await expect(page.locator('#facets input[type=checkbox]:checked')).toHaveCount(1);
});

test('the header cart and checkout work from the keyboard', async ({ page }) => {
  await addSomethingToCart(page);
  await page.goto('/');
  await tabTo(page, 'header cart', (el) => el.getAttribute('href') === '/cart');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/cart$/);
  await tabTo(page, 'checkout button', (el) => el.getAttribute('data-testid') === 'to-checkout');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/(checkout|account\/sign-in)/);
});

test('checkout fields are reached in order and the order is placed with Enter', async ({ page }) => {
  await page.goto('/account/register');
  await page.locator('#field-name').fill('Keyboard User');
  await page.locator('#field-email').fill(`keys-${Date.now()}@example.com`);
  await page.locator('#field-password').fill('a long enough secret');
  await page.getByTestId('register-form').locator('button[type=submit]').press('Enter');
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await addSomethingToCart(page);
  await page.goto('/checkout');
  const order: string[] = [];
  for (const id of ['name', 'line1', 'postcode', 'city']) {
    await tabTo(page, `#${id}`, new Function('el', `return el.id === '${id}'`) as (el: Element) => boolean);
    order.push(id);
  }
  expect(order).toEqual(['name', 'line1', 'postcode', 'city']);
  await enterDetails(page, null);
  await expect(page).toHaveURL(/\/checkout\/review$/);
  await page.locator('body').focus();
  await tabTo(page, 'place order', (el) => el.closest('[data-testid="place-order-form"]') !== null && el.matches('button'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('order-number')).toBeVisible();
});
