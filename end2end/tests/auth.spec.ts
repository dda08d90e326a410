// Login, session guard and logout. Runs in both projects: hydrated and without JavaScript.
import { test, expect, admin, login, openUserMenu, pathOf } from './fixtures';

test('a page without a session redirects to the login', async ({ page, request }) => {
  // The redirect itself: 303 to /login, remembering where the user wanted to go.
  const res = await request.get('/', { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()['location']).toBe('/login?next=%2F');

  // And in the browser.
  await page.goto('/');
  expect(pathOf(page)).toBe('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingresar a SIGEXP' })).toBeVisible();
});

test('the login form lets phones and password managers fill it', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingresar a SIGEXP' })).toBeVisible();

  const email = page.getByLabel('Correo electrónico');
  await expect(email).toHaveAttribute('type', 'email');
  await expect(email).toHaveAttribute('autocomplete', 'username');

  const password = page.getByLabel('Contraseña', { exact: true });
  await expect(password).toHaveAttribute('type', 'password');
  await expect(password).toHaveAttribute('autocomplete', 'current-password');

  await expect(page.getByRole('button', { name: 'Ingresar' })).toBeVisible();
});

test('wrong credentials show an error and stay on the login', async ({ page }) => {
  // An e-mail nobody has, unique per run: failures are throttled per e-mail (10 per
  // 15 minutes), and repeated runs must never lock the administrator out.
  await page.goto('/login');
  await page.getByLabel('Correo electrónico').fill(`nadie-${Date.now()}@example.com`);
  await page.getByLabel('Contraseña', { exact: true }).fill('no-es-la-clave-1234');
  await page.getByRole('button', { name: 'Ingresar' }).click();

  await expect(page.getByRole('alert')).toContainText('Correo o contraseña incorrectos');
  expect(pathOf(page)).toBe('/login');
});

test('login lands on the home page with the user in the header', async ({ page }) => {
  // Start where an anonymous visitor is sent, so the ?next= round trip is covered too.
  await page.goto('/');
  await login(page, admin.email, admin.password);

  // The display name comes from the user's own record (GET /api/v1/me, same session).
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(200);
  const { nombre, apellido } = (await me.json()) as { nombre: string; apellido?: string };

  const banner = page.getByRole('banner');
  await expect(banner).toContainText(nombre);
  if (apellido) await expect(banner).toContainText(apellido);
  await expect(banner).toContainText('Administrador');
  await expect(page.getByRole('navigation', { name: 'Principal' })).toBeVisible();
});

test('logout from the user menu ends the session', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the user menu needs hydration; the nojs project uses /salir');

  await login(page, admin.email, admin.password);
  await openUserMenu(page);
  await page.locator('#menu-usuario').getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login');

  await page.goto('/');
  expect(pathOf(page)).toBe('/login');
});

test('the quick lookup, outside the app frame, has its own way out', async ({ page }) => {
  await login(page, admin.email, admin.password);
  await page.goto('/c');
  await page.getByRole('navigation', { name: 'Cuenta' }).getByRole('link', { name: 'Cerrar sesión' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/salir');
  await page.getByRole('main').getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login');
});

test('logout from /salir ends the session', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'the js project logs out from the user menu');

  await login(page, admin.email, admin.password);
  await page.goto('/salir');
  await expect(page.getByRole('heading', { level: 1, name: 'Cerrar sesión' })).toBeVisible();
  // Inside <main>: the (hidden) user menu in the header has a button of the same name.
  await page.getByRole('main').getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login');

  await page.goto('/');
  expect(pathOf(page)).toBe('/login');
});

test('without JavaScript the header links the user menu\'s entries', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'with JavaScript they are in the user menu');

  await login(page, admin.email, admin.password);
  const cuenta = page.getByRole('banner').getByRole('navigation', { name: 'Cuenta' });
  await expect(cuenta.getByRole('link', { name: 'Cambiar contraseña' })).toBeVisible();
  await expect(cuenta.getByRole('link', { name: 'Mis tokens de acceso' })).toBeVisible();
  await cuenta.getByRole('link', { name: 'Cerrar sesión' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cerrar sesión' })).toBeVisible();
  await page.getByRole('main').getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login');
});

test('the password change page renders', async ({ page }) => {
  // Only renders: the administrator's password must stay as the environment gave it.
  await login(page, admin.email, admin.password);
  await page.goto('/cambiar-clave');
  await expect(page.getByRole('heading', { level: 1, name: 'Cambiar contraseña' })).toBeVisible();
  for (const label of ['Contraseña actual', 'Contraseña nueva', 'Repetir contraseña nueva']) {
    await expect(page.getByLabel(label, { exact: true })).toHaveAttribute('type', 'password');
  }
  await expect(page.getByRole('button', { name: 'Guardar' })).toBeVisible();
});
