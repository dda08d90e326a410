// The user menu: proof that the page hydrated and reacts without reloading.
import { test, expect, admin, login, openUserMenu } from './fixtures';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'the user menu needs hydration');

test('the user menu opens and closes in place', async ({ page }) => {
  await login(page, admin.email, admin.password);

  const button = page.getByRole('button', { name: 'Menú de usuario' });
  const menu = page.locator('#menu-usuario');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeHidden();

  // A full page load would wipe this marker.
  await page.evaluate(() => ((window as any).__marker = 1));

  await openUserMenu(page);
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Cambiar contraseña' })).toBeVisible();
  await expect(menu.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeHidden();

  expect(await page.evaluate(() => (window as any).__marker)).toBe(1);
});

test('the user menu leads to the password change page', async ({ page }) => {
  await login(page, admin.email, admin.password);
  await openUserMenu(page);
  await page.locator('#menu-usuario').getByRole('link', { name: 'Cambiar contraseña' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/cambiar-clave');
  await expect(page.getByRole('heading', { level: 1, name: 'Cambiar contraseña' })).toBeVisible();
});
