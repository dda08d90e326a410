// Issue #13 in the browser, with and without JavaScript: an autoridad on a 360 px phone opens
// the address of a carátula's QR and sees where the expediente is, follows one and reads the
// registry with its charts; a citizen without an account asks where theirs is; a mesa
// downloads its search as CSV; an administrator keeps the feriados.
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { test, expect, admin, login } from './fixtures';

const CLAVE = 'clave de las pruebas de consulta';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const TELEFONO = { width: 360, height: 740 };

async function crear(api: APIRequestContext, camino: string, data: object): Promise<any> {
  const r = await api.post(camino, { data });
  expect(r.status(), `${camino} ${JSON.stringify(data)}`).toBe(201);
  return r.json();
}

/** An organismo with its mesa, a mesa user and an autoridad; the mesa's client starts one expediente. */
async function mundo(page: Page, browser: Browser, sufijo: string, javaScriptEnabled: boolean) {
  await login(page, admin.email, admin.password);
  const api = page.request;
  const org = await crear(api, '/api/v1/organismos', { codigo: `C${sufijo}`, nombre: `Consultas ${sufijo}`, tipo: 'CENTRAL' });
  const mesa = await crear(api, '/api/v1/unidades', { organismo_id: org.id, codigo: 'ME', nombre: `Mesa ${sufijo}`, tipo: 'MESA_DE_ENTRADA' });
  const correo = (x: string) => `${x}.${sufijo.toLowerCase()}@prueba.gob.ar`;
  await crear(api, '/api/v1/usuarios', { email: correo('mesa'), nombre: 'Marta', apellido: 'Mesa', perfil: 'MESA_DE_ENTRADA', unidad_id: mesa.id, password: CLAVE });
  await crear(api, '/api/v1/usuarios', { email: correo('autoridad'), nombre: 'Ana', apellido: 'Autoridad', perfil: 'AUTORIDAD', password: CLAVE });
  const m = await (await browser.newContext({ javaScriptEnabled })).newPage();
  await login(m, correo('mesa'), CLAVE);
  const e = await crear(m.request, '/api/v1/expedientes', {
    extracto: `Pedido de informe sobre la ruta ${sufijo}`,
    iniciador: { nombre: 'Ana Pérez', documento: '20-12345678-6' },
  });
  return { m, e, mesa, correo };
}

async function sinDesborde(p: Page) {
  expect(await p.evaluate(() => document.documentElement.scrollWidth), 'page width at 360 px').toBeLessThanOrEqual(360);
}

async function axe(p: Page) {
  const { violations } = await new AxeBuilder({ page: p }).withTags(WCAG).analyze();
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

test('una autoridad abre el QR de una carátula en un teléfono', async ({ page, browser, javaScriptEnabled }) => {
  const s = (Date.now().toString(36) + (javaScriptEnabled ? 'J' : 'N')).toUpperCase().slice(-6);
  const { m, e, correo } = await mundo(page, browser, s, javaScriptEnabled);

  // The carátula's QR carries the address of the quick lookup.
  await m.goto(`/expedientes/${e.id}/caratula`);
  const leyenda = (await m.locator('figure.qr figcaption').textContent()) ?? '';
  const direccion = new URL(leyenda.slice(leyenda.indexOf('http')).trim());
  expect(direccion.pathname).toMatch(/^\/c\/EX-/);
  await expect(m.getByRole('link', { name: 'Descargar PDF' })).toHaveAttribute('href', `/api/v1/expedientes/${e.id}/caratula.pdf`);

  // The autoridad's phone opens it: first the login, then straight to the expediente.
  const telefono = await (await browser.newContext({ javaScriptEnabled, viewport: TELEFONO, isMobile: true })).newPage();
  await telefono.goto(direccion.pathname);
  await expect(telefono).toHaveURL(/\/login\?next=%2Fc%2F/);
  await telefono.getByLabel('Correo electrónico').fill(correo('autoridad'));
  await telefono.getByLabel('Contraseña', { exact: true }).fill(CLAVE);
  await telefono.getByRole('button', { name: 'Ingresar' }).click();
  await expect(telefono).toHaveURL((u) => u.pathname === direccion.pathname);
  await expect(telefono.getByRole('heading', { level: 2, name: e.numero })).toBeVisible();
  await expect(telefono.getByText(`Mesa ${s}`, { exact: true }).first()).toBeVisible();
  await expect(telefono.getByText(`Pedido de informe sobre la ruta ${s}`)).toBeVisible();
  await expect(telefono.getByRole('heading', { name: 'Últimos movimientos' })).toBeVisible();
  await sinDesborde(telefono);
  if (javaScriptEnabled) await axe(telefono);
  const html = await (await telefono.request.get(direccion.pathname)).text();
  expect(html.length, 'HTML of the quick lookup').toBeLessThanOrEqual(60 * 1024);

  // Another number, typed in the page's one field with its own spacing and case.
  await telefono.getByLabel('Número de expediente').fill(e.numero.toLowerCase().replace(' ', ''));
  await telefono.getByRole('button', { name: 'Buscar' }).click();
  await expect(telefono.getByRole('heading', { level: 2, name: e.numero })).toBeVisible();
  await telefono.getByLabel('Número de expediente').fill('EX-1999-1- -NADA-X');
  await telefono.getByRole('button', { name: 'Buscar' }).click();
  await expect(telefono.getByRole('alert')).toContainText('No hay un expediente con ese número que puedas ver');
});

test('una autoridad sigue un expediente y ve qué cambió', async ({ page, browser, javaScriptEnabled }) => {
  const s = (Date.now().toString(36) + (javaScriptEnabled ? 'J' : 'N')).toUpperCase().slice(-6);
  const { m, e, correo } = await mundo(page, browser, s, javaScriptEnabled);
  const telefono = await (await browser.newContext({ javaScriptEnabled, viewport: TELEFONO, isMobile: true })).newPage();
  await login(telefono, correo('autoridad'), CLAVE);

  // From the quick lookup: follow it.
  await telefono.goto(`/c/${encodeURIComponent(e.numero)}`);
  await telefono.getByRole('button', { name: 'Seguir este expediente' }).click();
  await expect(telefono.getByRole('status').filter({ hasText: 'Seguís este expediente' })).toBeVisible();
  await expect(telefono.getByRole('button', { name: 'Dejar de seguir' })).toBeVisible();

  // The mesa edits it: the watch list marks it.
  const r = await m.request.patch(`/api/v1/expedientes/${e.id}`, {
    data: { extracto: `Pedido de informe ampliado ${s}`, version: e.version },
  });
  expect(r.status()).toBe(200);
  await telefono.goto('/seguimiento');
  await expect(telefono.getByRole('heading', { level: 1, name: 'Seguimiento' })).toBeVisible();
  await expect(telefono.getByText('1 cambió desde tu última visita.')).toBeVisible();
  const fila = telefono.getByRole('row').filter({ hasText: e.numero });
  await expect(fila.getByText('Cambió', { exact: true })).toBeVisible();
  await sinDesborde(telefono);
  if (javaScriptEnabled) await axe(telefono);

  // Opening it is the visit that clears the mark.
  await fila.getByRole('link', { name: e.numero }).click();
  await expect(telefono.getByRole('heading', { level: 1, name: e.numero })).toBeVisible();
  await expect(telefono.getByText(`Pedido de informe ampliado ${s}`).first()).toBeVisible();
  await telefono.goto('/seguimiento');
  await expect(telefono.getByText('Ninguno cambió desde tu última visita.')).toBeVisible();

  // Stop following it, from the list.
  await telefono.getByRole('button', { name: `Dejar de seguir ${e.numero}` }).click();
  await expect(telefono.getByText('Todavía no seguís ningún expediente.')).toBeVisible();
  if (javaScriptEnabled) await axe(telefono);
});

test('una autoridad lee el registro con su gráfico en el teléfono', async ({ page, browser, javaScriptEnabled }) => {
  const s = (Date.now().toString(36) + (javaScriptEnabled ? 'J' : 'N')).toUpperCase().slice(-6);
  const { e, correo } = await mundo(page, browser, s, javaScriptEnabled);
  const telefono = await (await browser.newContext({ javaScriptEnabled, viewport: TELEFONO, isMobile: true })).newPage();
  await login(telefono, correo('autoridad'), CLAVE);
  await telefono.goto('/registro');
  await expect(telefono.getByRole('heading', { level: 1, name: 'Registro de expedientes' })).toBeVisible();
  // The chart is an image with a text of its own, and its data as a table.
  await expect(telefono.getByRole('img', { name: /Expedientes iniciados por mes/ })).toBeVisible();
  await telefono.getByText('Ver los datos del gráfico como tabla').click();
  await expect(telefono.getByRole('table', { name: 'Expedientes iniciados por mes' })).toBeVisible();
  // This organismo's row: one started, held by its mesa; the figure opens the search it counts.
  const fila = telefono.getByRole('row').filter({ has: telefono.getByRole('rowheader', { name: `Consultas ${s}`, exact: true }) });
  await expect(fila).toHaveCount(1);
  await sinDesborde(telefono);
  if (javaScriptEnabled) await axe(telefono);
  await fila.getByRole('link', { name: '1' }).first().click();
  await expect(telefono).toHaveURL(/\/expedientes\?organismo_id=/);
  await expect(telefono.getByRole('link', { name: e.numero })).toBeVisible();
  // The same figures as CSV.
  const csv = await telefono.request.get('/api/v1/estadisticas/exportacion.csv');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(`Organismo;Consultas ${s};`);
});

test('un administrador carga y quita un feriado', async ({ page, javaScriptEnabled }) => {
  const fecha = javaScriptEnabled ? '2031-07-09' : '2031-07-10';
  const nombre = `Feriado de prueba ${javaScriptEnabled ? 'J' : 'N'}`;
  await login(page, admin.email, admin.password);
  await page.goto('/admin/feriados');
  await page.getByLabel('Fecha').fill(fecha);
  await page.getByLabel('Nombre').fill(nombre);
  await page.getByRole('button', { name: 'Agregar' }).click();
  const fila = page.getByRole('row').filter({ hasText: nombre });
  await expect(fila).toContainText(fecha.split('-').reverse().join('/'));
  if (javaScriptEnabled) await axe(page);
  await fila.getByRole('button', { name: /Quitar/ }).click();
  await expect(page.getByRole('row').filter({ hasText: nombre })).toHaveCount(0);
});

test('una ciudadana consulta su expediente sin cuenta', async ({ page, browser, javaScriptEnabled }) => {
  const s = (Date.now().toString(36) + (javaScriptEnabled ? 'J' : 'N')).toUpperCase().slice(-6);
  const { e } = await mundo(page, browser, s, javaScriptEnabled);
  const ciudadana = await (await browser.newContext({ javaScriptEnabled, viewport: TELEFONO, isMobile: true })).newPage();
  await ciudadana.goto('/consulta');
  await expect(ciudadana.getByRole('heading', { level: 1, name: 'Consultá tu expediente' })).toBeVisible();
  await ciudadana.getByLabel('Número de expediente').fill(e.numero);
  await ciudadana.getByLabel('DNI o CUIT de quien lo inició').fill('27111222');
  await ciudadana.getByRole('button', { name: 'Consultar' }).click();
  await expect(ciudadana.getByRole('alert')).toContainText('No encontramos un expediente con ese número y ese documento');
  await ciudadana.getByLabel('DNI o CUIT de quien lo inició').fill('20-12345678-6');
  await ciudadana.getByRole('button', { name: 'Consultar' }).click();
  await expect(ciudadana.getByRole('heading', { level: 2, name: e.numero })).toBeVisible();
  await expect(ciudadana.getByText(`Mesa ${s}`, { exact: true }).first()).toBeVisible();
  // Nothing but where it is: not the extracto, not the people.
  await expect(ciudadana.getByText(`Pedido de informe sobre la ruta ${s}`)).toHaveCount(0);
  await expect(ciudadana.getByText('Ana Pérez')).toHaveCount(0);
  await sinDesborde(ciudadana);
  if (javaScriptEnabled) await axe(ciudadana);
});

test('una mesa descarga su búsqueda en CSV', async ({ page, browser, javaScriptEnabled }) => {
  const s = (Date.now().toString(36) + (javaScriptEnabled ? 'J' : 'N')).toUpperCase().slice(-6);
  const { m, e } = await mundo(page, browser, s, javaScriptEnabled);
  await m.goto(`/expedientes?q=${encodeURIComponent(`ruta ${s}`)}`);
  await expect(m.getByRole('link', { name: e.numero })).toBeVisible();
  const descarga = m.waitForEvent('download');
  await m.getByRole('link', { name: 'Descargar CSV' }).click();
  const archivo = await descarga;
  expect(archivo.suggestedFilename()).toMatch(/^expedientes-\d{4}-\d{2}-\d{2}\.csv$/);
  const texto = (await (await archivo.createReadStream()).toArray()).map(String).join('');
  expect(texto.startsWith('\uFEFFNúmero;Extracto;')).toBe(true);
  expect(texto).toContain(`${e.numero};Pedido de informe sobre la ruta ${s};Ana Pérez;20123456786;En trámite;`);
});
