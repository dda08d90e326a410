// Playwright configuration for SIGEXP's browser end-to-end tests.
//
// The server is started by whoever runs the tests (`cargo leptos end-to-end` or a CI
// script), so there is no `webServer` here: `global-setup.ts` waits for the health check.
// Every test runs twice: once hydrated (`js`) and once with JavaScript disabled (`nojs`),
// so every form must work before the WASM arrives. Tests that need hydration skip
// themselves in `nojs` with `test.skip(({ javaScriptEnabled }) => ...)`.
import { defineConfig } from '@playwright/test';

const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  // One worker: the machine has 2 cores and the server shares them; tests also share
  // the administrator account, so keep them sequential.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  use: {
    baseURL,
    locale: 'es-AR',
    trace: 'retain-on-failure',
    // Debian's Chromium; Playwright's own browser downloads are not reachable here.
    // Never pass --user-data-dir: Playwright manages the profile.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
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
  projects: [
    { name: 'js', use: { browserName: 'chromium', javaScriptEnabled: true } },
    { name: 'nojs', use: { browserName: 'chromium', javaScriptEnabled: false } },
  ],
});
