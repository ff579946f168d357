import type { Page, TestInfo } from '@playwright/test';

/** Keeps a full-page screenshot of every page visited, as a build artifact. */
export async function shot(page: Page, info: TestInfo, name: string) {
  const project = info.project.name || 'default';
  await page.screenshot({ path: `../target/e2e/screenshots/${project}/${name}.png`, fullPage: true });
}
