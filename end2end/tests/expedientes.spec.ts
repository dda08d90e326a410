// Issue #4's journey with two people in two browsers: mesa A starts an expediente and sends
// it; mesa B sees it in its bandeja and receives it; A sees the circuit with both stops; a
// CONSULTA user of a third organismo cannot find it.
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { test, expect, admin, login } from './fixtures';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'one journey is enough; forms are checked without JS elsewhere');

const CLAVE = 'clave de las mesas de prueba';

async function crear(api: APIRequestContext, camino: string, data: object): Promise<number> {
  const r = await api.post(camino, { data });
  expect(r.status(), `${camino} ${JSON.stringify(data)}`).toBe(201);
  return (await r.json()).id;
}

async function persona(browser: Browser, email: string): Promise<Page> {
  const contexto = await browser.newContext();
  const page = await contexto.newPage();
  await login(page, email, CLAVE);
  return page;
}

test('dos mesas se pasan un expediente y un tercero no lo encuentra', async ({ page, browser }) => {
  const s = Date.now().toString(36).toUpperCase().slice(-5);
  await login(page, admin.email, admin.password);
  const api = page.request;
  const mesas: Record<string, number> = {};
  for (const letra of ['A', 'B', 'C']) {
    const org = await crear(api, '/api/v1/organismos', { codigo: `${letra}${s}`, nombre: `Organismo ${letra} ${s}`, tipo: 'CENTRAL' });
    mesas[letra] = await crear(api, '/api/v1/unidades', { organismo_id: org, codigo: 'ME', nombre: `Mesa ${letra} ${s}`, tipo: 'MESA_DE_ENTRADA' });
  }
  const correo = (x: string) => `${x}.${s.toLowerCase()}@prueba.gob.ar`;
  await crear(api, '/api/v1/usuarios', { email: correo('mesa.a'), nombre: 'Ana', apellido: 'Mesa A', perfil: 'MESA_DE_ENTRADA', unidad_id: mesas.A, password: CLAVE });
  await crear(api, '/api/v1/usuarios', { email: correo('mesa.b'), nombre: 'Beto', apellido: 'Mesa B', perfil: 'MESA_DE_ENTRADA', unidad_id: mesas.B, password: CLAVE });
  await crear(api, '/api/v1/usuarios', { email: correo('consulta.c'), nombre: 'Carla', apellido: 'Consulta C', perfil: 'CONSULTA', unidad_id: mesas.C, password: CLAVE });

  // Mesa A starts the expediente and sends it to mesa B.
  const a = await persona(browser, correo('mesa.a'));
  await a.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Iniciar expediente' }).click();
  await a.waitForLoadState('networkidle');
  await a.getByLabel('Extracto').fill(`Solicitud de prueba ${s} de punta a punta`);
  await a.getByLabel('Iniciador (persona, empresa o área)').fill('Vecino de Río Gallegos');
  await a.getByRole('button', { name: 'Iniciar expediente' }).click();
  await expect(a).toHaveURL(/\/expedientes\/\d+$/);
  const numero = (await a.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
  expect(numero).toMatch(/^EX-\d{4}-\d{8}- -SANTACRUZ-A/);
  const id = a.url().split('/').pop();
  await a.waitForLoadState('networkidle');
  await a.getByLabel('Unidad de destino').fill(`Mesa B ${s} — Organismo B ${s} (ME)`);
  await a.getByLabel('Motivo', { exact: true }).fill('Para su intervención');
  await a.getByRole('button', { name: 'Enviar pase' }).click();
  await expect(a.getByText('En tránsito (pase pendiente de recepción)')).toBeVisible();

  // Its printable cover: number, QR code, and no accessibility violations.
  await a.getByRole('link', { name: 'Ver e imprimir la carátula' }).click();
  await expect(a.getByRole('heading', { level: 1, name: 'Carátula' })).toBeVisible();
  await expect(a.getByText(numero, { exact: true })).toBeVisible();
  await expect(a.locator('figure.qr svg')).toBeVisible();
  const { violations } = await new AxeBuilder({ page: a }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  await a.getByRole('link', { name: '← Volver al expediente' }).click();

  // Mesa B finds it in its bandeja and receives it.
  const b = await persona(browser, correo('mesa.b'));
  await b.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Bandeja' }).click();
  await expect(b.getByRole('heading', { level: 2, name: 'Por recibir (1)' })).toBeVisible();
  await b.waitForLoadState('networkidle');
  await b.getByRole('button', { name: `Recibir ${numero}`, exact: true }).click();
  await expect(b.getByRole('heading', { level: 2, name: 'Por recibir (0)' })).toBeVisible();
  await expect(b.getByRole('link', { name: numero })).toBeVisible();

  // Mesa A sees both stops of the circuit.
  await a.reload();
  const circuito = a.locator('ol.circuito > li');
  await expect(circuito).toHaveCount(2);
  await expect(circuito.nth(0)).toContainText(`Mesa A ${s}`);
  await expect(circuito.nth(1)).toContainText(`Mesa B ${s}`);

  // A CONSULTA user of a third organismo cannot find it, by id or by number.
  const c = await persona(browser, correo('consulta.c'));
  expect((await c.request.get(`/api/v1/expedientes/${id}`)).status()).toBe(404);
  expect((await c.request.get(`/api/v1/expedientes/por-numero/${encodeURIComponent(numero)}`)).status()).toBe(404);
  await c.goto(`/expedientes/${id}`);
  await expect(c.getByText('No se encontró lo pedido.')).toBeVisible();
});

test('la bandeja recibe varios, rechaza con motivo, envía varios; una edición vieja no pisa', async ({ page, browser }) => {
  const s = Date.now().toString(36).toUpperCase().slice(-5);
  await login(page, admin.email, admin.password);
  const api = page.request;
  const mesas: Record<string, number> = {};
  for (const letra of ['A', 'B']) {
    const org = await crear(api, '/api/v1/organismos', { codigo: `${letra}${s}`, nombre: `Organismo ${letra} ${s}`, tipo: 'CENTRAL' });
    mesas[letra] = await crear(api, '/api/v1/unidades', { organismo_id: org, codigo: 'ME', nombre: `Mesa ${letra} ${s}`, tipo: 'MESA_DE_ENTRADA' });
  }
  const correo = (x: string) => `${x}.${s.toLowerCase()}@prueba.gob.ar`;
  await crear(api, '/api/v1/usuarios', { email: correo('mesa.a'), nombre: 'Ana', apellido: 'Mesa A', perfil: 'MESA_DE_ENTRADA', unidad_id: mesas.A, password: CLAVE });
  await crear(api, '/api/v1/usuarios', { email: correo('mesa.b'), nombre: 'Beto', apellido: 'Mesa B', perfil: 'MESA_DE_ENTRADA', unidad_id: mesas.B, password: CLAVE });

  // Mesa A starts three expedientes and sends them to mesa B (through the API).
  const a = await persona(browser, correo('mesa.a'));
  const numeros: string[] = [];
  const ids: number[] = [];
  for (const tema of ['alfa', 'beta', 'gamma']) {
    const r = await a.request.post('/api/v1/expedientes', { data: { extracto: `Trámite ${tema} ${s} de la bandeja`, iniciador: { nombre: 'Vecina' } } });
    const e = await r.json();
    numeros.push(e.numero);
    ids.push(e.id);
    expect((await a.request.post(`/api/v1/expedientes/${e.id}/pases`, { data: { destino_unidad_id: mesas.B, motivo: 'Para su intervención' } })).status()).toBe(201);
  }

  // B sees the badge, receives two at once and rejects the third with a motivo.
  const b = await persona(browser, correo('mesa.b'));
  const nav = b.getByRole('navigation', { name: 'Principal' });
  await expect(nav.getByRole('link', { name: 'Bandeja 3 por recibir' })).toBeVisible();
  await nav.getByRole('link', { name: /^Bandeja/ }).click();
  await expect(b.getByRole('heading', { level: 2, name: 'Por recibir (3)' })).toBeVisible();
  await b.waitForLoadState('networkidle');
  await expectNoAxe(b);
  await expectFitsPhone(b);
  await b.getByLabel(`Elegir ${numeros[0]}`).check();
  await b.getByLabel(`Elegir ${numeros[1]}`).check();
  await b.getByRole('button', { name: 'Recibir los elegidos' }).click();
  await expect(b.getByRole('status')).toContainText(`Recibidos: ${numeros[0]}, ${numeros[1]}.`);
  await expect(b.getByRole('heading', { level: 2, name: 'Por recibir (1)' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Bandeja 1 por recibir' })).toBeVisible();
  await b.getByText(`Rechazar ${numeros[2]}`).click();
  await b.getByLabel('Motivo del rechazo').fill('No corresponde a esta mesa');
  await b.getByRole('button', { name: 'Rechazar el pase' }).click();
  await expect(b.getByRole('heading', { level: 2, name: 'Por recibir (0)' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Bandeja', exact: true })).toBeVisible();

  // B filters its bandeja, then sends both received ones back to A in one step.
  await b.getByLabel('Buscar por número, extracto o iniciador').fill(`alfa ${s}`);
  await b.getByRole('button', { name: 'Filtrar' }).click();
  await expect(b.getByRole('heading', { level: 2, name: 'En la unidad (1)' })).toBeVisible();
  await b.goto('/bandeja');
  await b.waitForLoadState('networkidle');
  // "Elegir todos" ticks every row of the table (both are all the unidad holds).
  await b.getByLabel('Elegir todos los expedientes').check();
  await expect(b.getByLabel(`Elegir ${numeros[0]}`)).toBeChecked();
  await expect(b.getByLabel(`Elegir ${numeros[1]}`)).toBeChecked();
  await b.getByLabel('Unidad de destino').fill(`Mesa A ${s} — Organismo A ${s} (ME)`);
  await b.getByLabel('Motivo', { exact: true }).fill('Devuelto con lo actuado');
  await b.getByRole('button', { name: 'Enviar pase' }).click();
  await expect(b.getByRole('status')).toContainText(`Enviados: ${numeros[0]}, ${numeros[1]}.`);
  await expect(b.getByRole('heading', { level: 2, name: 'En la unidad (0)' })).toBeVisible();

  // A edits the rejected one while someone else changes it: the stale edit never overwrites.
  await a.goto(`/expedientes/${ids[2]}`);
  await a.waitForLoadState('networkidle');
  // Circuit, pases and historial are tabs, usable by keyboard.
  await a.getByRole('tab', { name: 'Pases' }).click();
  await expect(a.locator('#panel-pases')).toContainText('rechazado');
  await expect(a.locator('#panel-circuito')).toBeHidden();
  await a.getByRole('tab', { name: 'Pases' }).press('ArrowRight');
  await expect(a.getByRole('tab', { name: 'Historial' })).toBeFocused();
  await expect(a.getByRole('tab', { name: 'Historial' })).toHaveAttribute('aria-selected', 'true');
  await expect(a.locator('#panel-historial')).toContainText('No corresponde a esta mesa');
  await a.getByText('Editar datos').click();
  const actual = await (await a.request.get(`/api/v1/expedientes/${ids[2]}`)).json();
  const otra = await a.request.patch(`/api/v1/expedientes/${ids[2]}`, { data: { extracto: `Extracto cambiado por otra persona ${s}`, version: actual.version } });
  expect(otra.status()).toBe(200);
  await a.getByLabel('Extracto', { exact: true }).fill(`Mi extracto que llega tarde ${s}`);
  await a.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(a.getByRole('alert').first()).toContainText('Otro usuario modificó el expediente');
  await expect(a.locator('p.bajada')).toHaveText(`Extracto cambiado por otra persona ${s}`);
  await expectNoAxe(a);
  await expectFitsPhone(a);

  // The search screen finds it by a word, with its state.
  await a.goto(`/expedientes?q=${encodeURIComponent(`cambiado ${s}`)}`);
  await expect(a.getByRole('link', { name: numeros[2] })).toBeVisible();
  await a.waitForLoadState('networkidle');
  await expectNoAxe(a);
});

// Nothing scrolls sideways on a 360 px phone (tables scroll inside their own box).
async function expectFitsPhone(p: Page): Promise<void> {
  const antes = p.viewportSize();
  await p.setViewportSize({ width: 360, height: 740 });
  expect(await p.evaluate(() => document.documentElement.scrollWidth), 'page width at 360 px').toBeLessThanOrEqual(360);
  if (antes) await p.setViewportSize(antes);
}

async function expectNoAxe(p: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
