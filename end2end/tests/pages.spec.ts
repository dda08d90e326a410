// Every page, hydrated: no accessibility violations (WCAG 2.2 AA as axe-core checks it)
// and no sideways scrolling on a small phone. Console errors fail the test through the
// automatic fixture in fixtures.ts.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, admin, login, pathOf } from './fixtures';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'checked on the hydrated page');

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const PAGES = [
  { path: '/login', heading: 'Ingresar a SIGEXP', needsSession: false },
  { path: '/', heading: 'Inicio', needsSession: true },
  { path: '/cambiar-clave', heading: 'Cambiar contraseña', needsSession: true },
  { path: '/salir', heading: 'Cerrar sesión', needsSession: true },
  { path: '/tokens', heading: 'Mis tokens de acceso', needsSession: true },
  { path: '/bandeja', heading: 'Bandeja', needsSession: true },
  { path: '/expedientes/nuevo', heading: 'Iniciar expediente', needsSession: true },
  { path: '/expedientes', heading: 'Expedientes', needsSession: true },
  { path: '/seguimiento', heading: 'Seguimiento', needsSession: true },
  { path: '/registro', heading: 'Registro de expedientes', needsSession: true },
  { path: '/comunicaciones', heading: 'Comunicaciones', needsSession: true },
  { path: '/comunicaciones/enviados', heading: 'Comunicaciones', needsSession: true },
  { path: '/comunicaciones/nuevo', heading: 'Redactar un escrito', needsSession: true },
  { path: '/comunicaciones/borradores', heading: 'Comunicaciones', needsSession: true },
  { path: '/comunicaciones/listas', heading: 'Comunicaciones', needsSession: true },
  { path: '/admin/tipos', heading: 'Administración', needsSession: true },
  { path: '/admin/feriados', heading: 'Administración', needsSession: true },
  { path: '/admin/organismos', heading: 'Administración', needsSession: true },
  { path: '/admin/unidades', heading: 'Administración', needsSession: true },
  { path: '/admin/usuarios', heading: 'Administración', needsSession: true },
  { path: '/admin/auditoria', heading: 'Administración', needsSession: true },
  { path: '/admin/importar', heading: 'Administración', needsSession: true },
  { path: '/c', heading: 'Consulta rápida', needsSession: true },
  { path: '/consulta', heading: 'Consultá tu expediente', needsSession: false },
];

async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  // Rule id, impact and the offending elements: enough to fix it without rerunning.
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, 'axe-core violations').toEqual([]);
}

for (const { path, heading, needsSession } of PAGES) {
  test(`${path} passes axe and fits a 360 px screen`, async ({ page }) => {
    if (needsSession) await login(page, admin.email, admin.password);
    await page.goto(path);
    expect(pathOf(page)).toBe(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    // Let the WASM load and hydrate, so hydration errors reach the console fixture and
    // axe sees the page as users do.
    await page.waitForLoadState('networkidle');

    await expectNoAxeViolations(page);

    await page.setViewportSize({ width: 360, height: 740 });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, 'page width at a 360 px viewport').toBeLessThanOrEqual(360);
  });
}

test('the login form works from the keyboard', async ({ page }) => {
  await page.goto('/login');
  await page.waitForLoadState('networkidle');
  const email = page.getByLabel('Correo electrónico');

  // From the top of the page, Tab reaches the e-mail field first among the form's
  // controls (a skip link or the logo may come before it, but not much else).
  for (let tabs = 0; tabs < 5 && !(await email.evaluate((el) => el === document.activeElement)); tabs++) {
    await page.keyboard.press('Tab');
  }
  await expect(email).toBeFocused();
  await page.keyboard.type(admin.email);

  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Contraseña', { exact: true })).toBeFocused();
  await page.keyboard.type(admin.password);

  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Ingresar' })).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.getByRole('heading', { level: 1, name: 'Inicio' })).toBeVisible();
});
