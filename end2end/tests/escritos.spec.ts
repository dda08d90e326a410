// Issue #12 §2 in two browsers, with and without JavaScript: mesa A writes a circular to
// organismo B; B finds it in Comunicaciones (with JavaScript, the menu's badge counts it),
// opens it and takes notice; A sees both steps in the receipts; B answers and A sees the
// answer in the thread.
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { test, expect, admin, login } from './fixtures';

const CLAVE = 'clave de las mesas de prueba';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function crear(api: APIRequestContext, camino: string, data: object): Promise<number> {
  const r = await api.post(camino, { data });
  expect(r.status(), `${camino} ${JSON.stringify(data)}`).toBe(201);
  return (await r.json()).id;
}

async function persona(browser: Browser, email: string, javaScriptEnabled: boolean): Promise<Page> {
  const contexto = await browser.newContext({ javaScriptEnabled });
  const page = await contexto.newPage();
  await login(page, email, CLAVE);
  return page;
}

test('una mesa emite una circular, otra toma conocimiento y responde', async ({ page, browser, javaScriptEnabled }) => {
  const s = (Date.now().toString(36) + (javaScriptEnabled ? 'J' : 'N')).toUpperCase().slice(-6);
  await login(page, admin.email, admin.password);
  const api = page.request;
  const organismos: Record<string, number> = {};
  const mesas: Record<string, number> = {};
  for (const letra of ['A', 'B']) {
    organismos[letra] = await crear(api, '/api/v1/organismos', { codigo: `E${letra}${s}`, nombre: `Ente ${letra} ${s}`, tipo: 'DESCENTRALIZADO' });
    mesas[letra] = await crear(api, '/api/v1/unidades', { organismo_id: organismos[letra], codigo: 'ME', nombre: `Mesa ${letra} ${s}`, tipo: 'MESA_DE_ENTRADA' });
  }
  const correo = (x: string) => `${x}.${s.toLowerCase()}@prueba.gob.ar`;
  await crear(api, '/api/v1/usuarios', { email: correo('escritos.a'), nombre: 'Ana', apellido: 'Mesa A', perfil: 'MESA_DE_ENTRADA', unidad_id: mesas.A, password: CLAVE });
  await crear(api, '/api/v1/usuarios', { email: correo('escritos.b'), nombre: 'Beto', apellido: 'Mesa B', perfil: 'MESA_DE_ENTRADA', unidad_id: mesas.B, password: CLAVE });

  // A writes a circular to organismo B, ticked in the destinations.
  const a = await persona(browser, correo('escritos.a'), javaScriptEnabled);
  await a.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: /^Comunicaciones/ }).click();
  await expect(a.getByText('Tu unidad todavía no recibió escritos.')).toBeVisible();
  await a.getByRole('link', { name: 'Redactar un escrito' }).click();
  await expect(a.getByRole('heading', { level: 1, name: 'Redactar un escrito' })).toBeVisible();
  await a.getByLabel('Tipo').selectOption('CIRCULAR');
  await a.getByLabel('Título').fill(`Horario de verano ${s}`);
  await a.getByLabel('Cuerpo').fill('Desde el lunes las mesas atienden de 7 a 13.\n\nSe ruega difundir <b>a todo el personal</b>.');
  if (javaScriptEnabled) {
    // With JavaScript the destinations filter as one types.
    await a.getByLabel('Buscar un organismo o unidad').fill(`Ente B ${s}`);
    await expect(a.getByText(`Ente A ${s} (EA${s})`)).toBeHidden();
  }
  await a.getByLabel(`Ente B ${s} (EB${s}) — todas sus mesas de entrada`).check();
  if (javaScriptEnabled) {
    const { violations } = await new AxeBuilder({ page: a }).withTags(WCAG).analyze();
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  }
  await a.getByRole('button', { name: 'Emitir el escrito' }).click();
  await expect(a).toHaveURL(/\/comunicaciones\/\d+$/);
  const numero = (await a.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
  expect(numero).toMatch(new RegExp(`^CI-\\d{4}-00000001- -SANTACRUZ-EA${s}$`));
  await expect(a.getByText('Se ruega difundir <b>a todo el personal</b>.')).toBeVisible();
  const recibos = a.getByRole('region', { name: 'Recibos' });
  await expect(recibos.getByRole('row', { name: new RegExp(`Mesa B ${s}`) })).toContainText('Todavía no');

  // B finds it: unread in its list (and on the badge, with JavaScript), opens it, takes notice.
  const b = await persona(browser, correo('escritos.b'), javaScriptEnabled);
  const enlace = b.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: /^Comunicaciones/ });
  if (javaScriptEnabled) await expect(enlace).toContainText('1 sin leer');
  await enlace.click();
  await expect(b.getByRole('row', { name: new RegExp(numero.replace(/[-]/g, '.')) })).toContainText('Sin abrir');
  await b.getByRole('link', { name: numero }).click();
  await expect(b.getByRole('heading', { level: 1, name: numero })).toBeVisible();
  await expect(b.getByText('Desde el lunes las mesas atienden de 7 a 13.')).toBeVisible();
  await b.getByRole('button', { name: 'Tomar conocimiento' }).click();
  await expect(b.getByText('Tomaste conocimiento del escrito')).toBeVisible();
  await expect(b.getByRole('button', { name: 'Tomar conocimiento' })).toHaveCount(0);

  // A sees who opened it and who took notice.
  await a.reload();
  const fila = a.getByRole('region', { name: 'Recibos' }).getByRole('row', { name: new RegExp(`Mesa B ${s}`) });
  await expect(fila).toContainText('Beto Mesa B');
  await expect(fila).not.toContainText('Todavía no');
  await a.setViewportSize({ width: 360, height: 740 });
  expect(await a.evaluate(() => document.documentElement.scrollWidth), 'page width at 360 px').toBeLessThanOrEqual(360);
  await a.setViewportSize({ width: 1280, height: 800 });

  // B answers; the answer goes back to A (ticked for it) and shows in the thread.
  await b.getByRole('link', { name: 'Responder con un escrito' }).click();
  await expect(b.getByLabel('Título')).toHaveValue(`Respuesta: Horario de verano ${s}`);
  await b.getByLabel('Cuerpo').fill('Recibido; ya se difundió.');
  await expect(b.getByLabel(`Mesa A ${s} (ME)`)).toBeChecked();
  await b.getByRole('button', { name: 'Emitir el escrito' }).click();
  await expect(b).toHaveURL(/\/comunicaciones\/\d+$/);
  const respuesta = (await b.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
  expect(respuesta).toMatch(new RegExp(`^NO-\\d{4}-00000001- -SANTACRUZ-EB${s}$`));
  await a.reload();
  await expect(a.getByRole('region', { name: 'Respuestas' }).getByRole('link', { name: respuesta })).toBeVisible();

  // A binds the circular into one of its expedientes: it lands there as a PDF with its fojas.
  const expediente = await a.request.post('/api/v1/expedientes', { data: { extracto: `Difusión del horario ${s}`, iniciador: { nombre: 'Dirección de Personal' } } });
  expect(expediente.status()).toBe(201);
  const { id: expedienteId, numero: expedienteNumero } = await expediente.json();
  await a.getByText('Vincular a un expediente').click();
  await a.getByLabel('Número del expediente').fill(expedienteNumero);
  await a.getByRole('button', { name: 'Agregar el escrito al expediente' }).click();
  await expect(a).toHaveURL(new RegExp(`/expedientes/${expedienteId}$`));
  await expect(a.getByText(`El escrito se agregó al expediente como «${numero}.pdf»`)).toBeVisible();
  const documento = a.getByRole('region', { name: 'Documentos' }).getByRole('link', { name: `${numero}.pdf` }).first();
  await expect(documento).toBeVisible();
  const pdf = await a.request.get((await documento.getAttribute('href')) ?? '');
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});

test('una mesa arma una lista de difusión, guarda un borrador y lo emite', async ({ page, browser, javaScriptEnabled }) => {
  const s = (Date.now().toString(36) + (javaScriptEnabled ? 'J' : 'N')).toUpperCase().slice(-6);
  await login(page, admin.email, admin.password);
  const api = page.request;
  const mesas: Record<string, number> = {};
  for (const letra of ['C', 'D']) {
    const org = await crear(api, '/api/v1/organismos', { codigo: `L${letra}${s}`, nombre: `Ente ${letra} ${s}`, tipo: 'CENTRAL' });
    mesas[letra] = await crear(api, '/api/v1/unidades', { organismo_id: org, codigo: 'ME', nombre: `Mesa ${letra} ${s}`, tipo: 'MESA_DE_ENTRADA' });
  }
  const correo = `listas.${s.toLowerCase()}@prueba.gob.ar`;
  await crear(api, '/api/v1/usuarios', { email: correo, nombre: 'Carla', apellido: 'Mesa C', perfil: 'MESA_DE_ENTRADA', unidad_id: mesas.C, password: CLAVE });
  const c = await persona(browser, correo, javaScriptEnabled);

  // A list with organismo D.
  await c.goto('/comunicaciones/listas');
  await expect(c.getByText('Tu unidad no tiene listas de difusión.')).toBeVisible();
  await c.getByLabel('Nombre').fill(`Entes ${s}`);
  await c.getByLabel(`Ente D ${s} (LD${s}) — todas sus mesas de entrada`).check();
  await c.getByRole('button', { name: 'Guardar la lista' }).click();
  await expect(c.getByText(`Lista «Entes ${s}» guardada.`)).toBeVisible();
  await expect(c.getByText(`Ente D ${s} (todas sus mesas)`)).toBeVisible();

  // A draft: saved without number, then emitted with the list.
  await c.getByRole('link', { name: 'Redactar un escrito' }).click();
  await c.getByLabel('Título').fill(`Borrador ${s}`);
  await c.getByRole('button', { name: 'Guardar como borrador' }).click();
  await expect(c).toHaveURL(/\/comunicaciones\/borradores$/);
  await expect(c.getByText('Borrador guardado')).toBeVisible();
  await c.getByRole('link', { name: `Seguir escribiendo «Borrador ${s}»` }).click();
  await expect(c.getByLabel('Título')).toHaveValue(`Borrador ${s}`);
  await c.getByLabel('Cuerpo').fill('Texto final del escrito.');
  await c.getByLabel(`Entes ${s} (1 destino)`).check();
  await c.getByRole('button', { name: 'Emitir el escrito' }).click();
  await expect(c).toHaveURL(/\/comunicaciones\/\d+$/);
  await expect(c.getByRole('region', { name: 'Recibos' })).toContainText(`Mesa D ${s}`);
  await c.goto('/comunicaciones/borradores');
  await expect(c.getByText('No tenés borradores.')).toBeVisible();
});
