// Issue #3's browser journey: an administrator builds a piece of the organisation and a user;
// that user logs in with the temporary password, must change it, and sees only the navigation
// of their perfil.
import { test, expect, admin, login, openUserMenu, pathOf } from './fixtures';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'the temporary password is shown by the hydrated page');

test('un administrador crea organismo, mesa, oficina y usuario, que entra y cambia la clave', async ({ page }) => {
  const sufijo = Date.now().toString(36).toUpperCase().slice(-6);
  const codigo = `E${sufijo}`;
  const correo = `persona.${sufijo.toLowerCase()}@prueba.gob.ar`;
  const nueva = `una clave nueva de prueba ${sufijo}`;

  await login(page, admin.email, admin.password);
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Administración' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Organismos' })).toBeVisible();
  await page.waitForLoadState('networkidle');

  // Organismo
  await page.getByLabel('Código', { exact: true }).fill(codigo);
  await page.getByLabel('Nombre', { exact: true }).fill(`Organismo de prueba ${sufijo}`);
  await page.getByRole('button', { name: 'Crear organismo' }).click();
  await expect(page.getByRole('cell', { name: codigo, exact: true })).toBeVisible();

  // Rename it from its own page
  await page.getByRole('link', { name: `Organismo de prueba ${sufijo}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Organismo ${codigo}` })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Nombre', { exact: true }).fill(`Organismo de prueba ${sufijo} (renombrado)`);
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByText('Cambios guardados.')).toBeVisible();
  await page.getByLabel('Nombre', { exact: true }).fill(`Organismo de prueba ${sufijo}`);
  // Wait for the save itself: the message is still there from the first one, and leaving the
  // page too early would find the organismo under its other name.
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/sfn/') && r.status() < 400),
    page.getByRole('button', { name: 'Guardar cambios' }).click(),
  ]);
  await expect(page.getByLabel('Nombre', { exact: true })).toHaveValue(`Organismo de prueba ${sufijo}`);

  // Mesa de entrada and an oficina that depends on it
  await page.goto('/admin/unidades');
  await page.getByLabel('Organismo', { exact: true }).selectOption({ label: `${codigo} — Organismo de prueba ${sufijo}` });
  await page.getByRole('button', { name: 'Ver unidades' }).click();
  await expect(page.getByText('Este organismo todavía no tiene unidades.')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Código', { exact: true }).fill('ME');
  await page.getByLabel('Nombre', { exact: true }).fill('Mesa de entradas');
  await page.getByLabel('Tipo', { exact: true }).selectOption('MESA_DE_ENTRADA');
  await page.getByRole('button', { name: 'Crear unidad' }).click();
  await expect(page.getByRole('cell', { name: 'Mesa de entradas' })).toBeVisible();

  await page.getByLabel('Código', { exact: true }).fill('DGA');
  await page.getByLabel('Nombre', { exact: true }).fill('Dirección General de Administración');
  await page.getByLabel('Tipo', { exact: true }).selectOption('OFICINA');
  await page.getByLabel('Depende de la mesa (solo oficinas)', { exact: true }).selectOption({ label: 'ME — Mesa de entradas' });
  await page.getByRole('button', { name: 'Crear unidad' }).click();
  await expect(page.getByRole('cell', { name: 'Dirección General de Administración' })).toBeVisible();

  // User of the oficina, with a temporary password shown once
  await page.goto('/admin/usuarios');
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Correo electrónico', { exact: true }).fill(correo);
  await page.getByLabel('Nombre', { exact: true }).fill('Persona');
  await page.getByLabel('Apellido', { exact: true }).fill('De Prueba');
  await page.getByLabel('Perfil', { exact: true }).selectOption('OFICINA');
  await page.getByLabel('Organismo y dependencia', { exact: true }).selectOption({ label: 'DGA — Dirección General de Administración' });
  await page.getByRole('button', { name: 'Crear usuario' }).click();
  const clave = page.locator('code.clave');
  await expect(clave).toBeVisible();
  const temporal = (await clave.textContent())?.trim() ?? '';
  expect(temporal).toHaveLength(16);

  // The access list is edited on the user's page: add a second organismo to it
  const otro = await page.request.post('/api/v1/organismos', { data: { codigo: `O${sufijo}`, nombre: `Otro organismo ${sufijo}`, tipo: 'DESCENTRALIZADO' } });
  expect(otro.status()).toBe(201);
  await page.goto('/admin/usuarios?q=' + encodeURIComponent(correo));
  await page.getByRole('link', { name: 'De Prueba, Persona' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Datos, perfil y acceso' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const acceso = page.getByRole('group', { name: /Lista de acceso/ });
  await expect(acceso.getByRole('checkbox', { checked: true })).toHaveCount(1);
  await acceso.getByRole('checkbox', { name: `O${sufijo} — Otro organismo ${sufijo}` }).check();
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByText('Cambios guardados.')).toBeVisible();
  await expect(acceso.getByRole('checkbox', { checked: true })).toHaveCount(2);

  // Log out, log in as the new user: the temporary password must be changed first
  await openUserMenu(page);
  await page.locator('#menu-usuario').getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login');
  await page.getByLabel('Correo electrónico', { exact: true }).fill(correo);
  await page.getByLabel('Contraseña', { exact: true }).fill(temporal);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/cambiar-clave');
  await page.goto('/');
  expect(pathOf(page)).toBe('/cambiar-clave');

  await page.getByLabel('Contraseña actual', { exact: true }).fill(temporal);
  await page.getByLabel('Contraseña nueva', { exact: true }).fill(nueva);
  await page.getByLabel('Repetir contraseña nueva', { exact: true }).fill(nueva);
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.getByRole('heading', { level: 1, name: 'Inicio' })).toBeVisible();

  // Only the navigation of the perfil: an OFICINA user has a bandeja and starts expedientes
  // for its mesa, reads its unidad's Comunicaciones, and has no Administración
  const nav = page.getByRole('navigation', { name: 'Principal' });
  await expect(nav.getByRole('link')).toHaveText(['Inicio', 'Bandeja', 'Expedientes', 'Iniciar expediente', 'Seguimiento', 'Registro', 'Comunicaciones']);
  await expect(page.getByRole('banner')).toContainText('Oficina');
});

test('la importación CSV muestra los problemas por fila e importa un archivo válido', async ({ page }) => {
  const sufijo = Date.now().toString(36).toUpperCase().slice(-6);
  const codigo = `I${sufijo}`;
  await login(page, admin.email, admin.password);
  // The organisation the file refers to, made through the API with the same session.
  const org = await page.request.post('/api/v1/organismos', { data: { codigo, nombre: `Importación ${sufijo}`, tipo: 'CENTRAL' } });
  expect(org.status()).toBe(201);
  const mesa = await page.request.post('/api/v1/unidades', {
    data: { organismo_id: (await org.json()).id, codigo: 'ME', nombre: 'Mesa de Entradas', tipo: 'MESA_DE_ENTRADA' },
  });
  expect(mesa.status()).toBe(201);

  await page.goto('/admin/importar');
  await expect(page.getByRole('heading', { level: 2, name: 'Importar usuarios' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const encabezado = 'nombre y apellido;correo;organismo y dependencia;perfil\n';
  const malo = `${encabezado}"Gómez, Ana";ana.${sufijo.toLowerCase()}@prueba.gob.ar;${codigo} / ME;Consulta\nBeto Ruiz;no-es-correo;${codigo} / ME;Consulta\n`;
  await page.getByLabel('Archivo CSV').setInputFiles({ name: 'solicitudes.csv', mimeType: 'text/csv', buffer: Buffer.from(malo) });
  await page.getByRole('button', { name: 'Revisar archivo' }).click();
  await expect(page.getByText('1 de 2 filas tienen problemas')).toBeVisible();
  await expect(page.getByRole('button', { name: /Importar \d+ usuarios/ })).toHaveCount(0);

  const bueno = `${encabezado}"Gómez, Ana";ana.${sufijo.toLowerCase()}@prueba.gob.ar;${codigo} / ME;Consulta\nBeto Ruiz;beto.${sufijo.toLowerCase()}@prueba.gob.ar;${codigo} / Mesa de Entradas;Mesa de entradas\n`;
  await page.getByLabel('Archivo CSV').setInputFiles({ name: 'solicitudes.csv', mimeType: 'text/csv', buffer: Buffer.from(bueno) });
  await page.getByRole('button', { name: 'Revisar archivo' }).click();
  await expect(page.getByText('Las 2 filas están bien.')).toBeVisible();
  await page.getByRole('button', { name: 'Importar 2 usuarios' }).click();
  await expect(page.getByText('Listo: se crearon 2 usuarios con contraseña temporal.')).toBeVisible({ timeout: 30_000 });

  const descarga = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Descargar las contraseñas temporales (una sola vez)' }).click();
  const archivo = await (await descarga).path();
  const { readFileSync } = await import('node:fs');
  const contenido = readFileSync(archivo, 'utf8');
  expect(contenido).toContain(`beto.${sufijo.toLowerCase()}@prueba.gob.ar`);
});
