import { defineConfig } from '@playwright/test';

// One store's release build (`cargo store test` builds each into dist/<id>/ and sets the
// E2E_* variables), on its own port and a fresh database, so a dev server is undisturbed.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const store = process.env.E2E_STORE ?? 'default';

export default defineConfig({
  testDir: process.env.E2E_TESTS ?? './tests',
  outputDir: `../target/e2e/${store}/results`,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  metadata: { store },
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: process.env.E2E_SERVER ?? '../target/release/server',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'sqlite://../target/e2e/storefront.db',
      RUST_LOG: 'warn',
      // A fresh database with the demo catalog and coupons the tests expect.
      DEMO_DATA: '1',
      // Its own files, mail among them: without SMTP_URL each message is an .eml file
      // here, which the email tests read (helpers.ts, `mailbox`).
      DATA_DIR: `../target/e2e/${store}/data`,
      // A store on Vendure: the server `cargo store test` started for this run.
      ...(process.env.VENDURE_URL ? { VENDURE_URL: process.env.VENDURE_URL } : {}),
      ...(process.env.E2E_SERVER ? {} : { LEPTOS_SITE_ROOT: '../target/site' }),
    },
  },
});
