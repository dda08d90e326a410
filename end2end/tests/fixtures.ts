// Shared test object, credentials and helpers for every spec.
//
// Import `test` and `expect` from here, not from '@playwright/test': the `test` below
// carries an automatic fixture that fails any test during which the browser logged a
// console error or threw an uncaught page error (a hydration panic, a 404 for the
// favicon, a CSP violation, an island missing from the WASM, ...).
import { test as base, expect, type Page } from '@playwright/test';

/** Console errors and page errors seen during one test. */
export type BrowserErrors = {
  /** Everything logged so far, as readable lines. */
  readonly seen: string[];
  /** Declares errors this test provokes on purpose (e.g. the 401 of a wrong password). */
  allow(pattern: RegExp): void;
};

export const test = base.extend<{ browserErrors: BrowserErrors }>({
  browserErrors: [
    async ({ page }, use) => {
      const seen: string[] = [];
      const allowed: RegExp[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') seen.push(`console: ${msg.text()} (${msg.location().url})`);
        // An island the server rendered but the WASM does not have only warns: fail on it.
        if (msg.type() === 'warning' && /island/i.test(msg.text())) seen.push(`console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => seen.push(`pageerror: ${err.message}`));

      await use({ seen, allow: (pattern) => allowed.push(pattern) });

      const unexpected = seen.filter((line) => !allowed.some((p) => p.test(line)));
      expect(unexpected, 'browser console errors and page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The first administrator (created from the environment; its password is not temporary). */
export const admin = {
  get email(): string {
    return requiredEnv('E2E_ADMIN_EMAIL');
  },
  get password(): string {
    return requiredEnv('E2E_ADMIN_PASSWORD');
  },
};

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

/** Path of the page's current URL, e.g. '/login'. */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/**
 * Fills and submits the login form (works hydrated or not) and waits for the home page.
 * Starts from the current page when it is already /login, so a `?next=` is kept.
 */
export async function login(page: Page, email: string, password: string): Promise<void> {
  if (pathOf(page) !== '/login') await page.goto('/login');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.getByRole('heading', { level: 1, name: 'Inicio' })).toBeVisible();
}

/**
 * Opens the user menu once the page has hydrated. A click that lands before the WASM
 * has attached its handler does nothing, so click again until the menu reports itself
 * open; a click after hydration opens it at once.
 */
export async function openUserMenu(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Menú de usuario' });
  await expect(async () => {
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}
