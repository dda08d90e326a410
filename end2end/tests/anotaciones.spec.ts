// Issue #12 §1 in two browsers, with and without JavaScript: mesa A writes a note on an
// expediente and a private one, edits the first (its earlier text one click away) and
// removes it with a motivo; mesa B, once the expediente reached it, sees the public note and
// never the private one, neither in the list nor in the historial.
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

test('una mesa anota, edita y elimina; otra no ve la nota interna', async ({ page, browser, javaScriptEnabled }) => {
  const s = (Date.now().toString(36) + (javaScriptEnabled ? 'J' : 'N')).toUpperCase().slice(-6);
  await login(page, admin.email, admin.password);
  const api = page.request;
  const mesas: Record<string, number> = {};
  for (const letra of ['A', 'B']) {
    const org = await crear(api, '/api/v1/organismos', { codigo: `N${letra}${s}`.slice(0, 12), nombre: `Organismo ${letra} ${s}`, tipo: 'CENTRAL' });
    mesas[letra] = await crear(api, '/api/v1/unidades', { organismo_id: org, codigo: 'ME', nombre: `Mesa ${letra} ${s}`, tipo: 'MESA_DE_ENTRADA' });
  }
  const correo = (x: string) => `${x}.${s.toLowerCase()}@prueba.gob.ar`;
  await crear(api, '/api/v1/usuarios', { email: correo('nota.a'), nombre: 'Ana', apellido: 'Mesa A', perfil: 'MESA_DE_ENTRADA', unidad_id: mesas.A, password: CLAVE });
  await crear(api, '/api/v1/usuarios', { email: correo('nota.b'), nombre: 'Beto', apellido: 'Mesa B', perfil: 'MESA_DE_ENTRADA', unidad_id: mesas.B, password: CLAVE });

  const a = await persona(browser, correo('nota.a'), javaScriptEnabled);
  const id = await crear(a.request, '/api/v1/expedientes', { extracto: `Expediente con anotaciones ${s}`, iniciador: { nombre: 'Vecina de Caleta Olivia' } });
  await a.goto(`/expedientes/${id}`);
  const notas = a.getByRole('region', { name: 'Anotaciones' });
  // A note's text as shown (its edit form's field holds the same words).
  const texto = (zona: typeof notas, t: string) => zona.locator('p.texto-nota', { hasText: t });
  await expect(notas.getByText('Todavía no tiene anotaciones.')).toBeVisible();

  // A public note, then a private one.
  await a.getByLabel('Texto', { exact: true }).fill('Falta el dictamen de Asesoría Letrada.');
  await a.getByRole('button', { name: 'Guardar anotación' }).click();
  await expect(a.getByText('Anotación guardada.')).toBeVisible();
  await expect(texto(notas, 'Falta el dictamen de Asesoría Letrada.')).toBeVisible();
  await a.getByLabel('Texto', { exact: true }).fill(`Interna ${s}: llamar a la vecina el lunes.`);
  await a.getByLabel('Solo mi unidad (nota interna)').check();
  await a.getByRole('button', { name: 'Guardar anotación' }).click();
  await expect(a.getByText('Anotación guardada: solo la ve tu unidad.')).toBeVisible();
  await expect(texto(notas, `Interna ${s}: llamar a la vecina el lunes.`)).toBeVisible();
  await expect(notas.getByText('Solo su unidad')).toBeVisible();

  // Edit the first: the earlier text stays one click away.
  const primera = notas.getByRole('listitem').first();
  await primera.getByText('Editar', { exact: true }).click();
  await primera.getByLabel('Nuevo texto').fill('Falta el dictamen de Asesoría Letrada y el informe contable.');
  await primera.getByRole('button', { name: 'Guardar el nuevo texto' }).click();
  await expect(a.getByText('Anotación editada: el texto anterior queda en sus versiones.')).toBeVisible();
  const editada = notas.getByRole('listitem').first();
  await expect(editada.getByText(/editada el \d\d\/\d\d\/\d{4}/)).toBeVisible();
  await editada.getByText('Ver el texto anterior').click();
  await expect(editada.locator('.versiones p.texto-nota')).toHaveText('Falta el dictamen de Asesoría Letrada.');

  // The page stays accessible (axe-core runs as a script, so in the js project; the HTML is the
  // same in both) and fits a phone with the notes and their forms.
  if (javaScriptEnabled) {
    const { violations } = await new AxeBuilder({ page: a }).withTags(WCAG).analyze();
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  }
  await a.setViewportSize({ width: 360, height: 740 });
  expect(await a.evaluate(() => document.documentElement.scrollWidth), 'page width at 360 px').toBeLessThanOrEqual(360);
  await a.setViewportSize({ width: 1280, height: 800 });

  // The expediente goes to mesa B, which sees the public note only.
  const r = await a.request.post(`/api/v1/expedientes/${id}/pases`, { data: { destino_unidad_id: mesas.B, motivo: 'Para su intervención' } });
  expect(r.status()).toBe(201);
  const b = await persona(browser, correo('nota.b'), javaScriptEnabled);
  await b.goto(`/expedientes/${id}`);
  const deB = b.getByRole('region', { name: 'Anotaciones' });
  await expect(texto(deB, 'Falta el dictamen de Asesoría Letrada y el informe contable.')).toBeVisible();
  await expect(b.getByText(`Interna ${s}`)).toHaveCount(0);
  expect(await b.content()).not.toContain(`Interna ${s}`);

  // A removes the public note with a motivo: it stays, marked removed.
  await a.reload();
  const aEliminar = notas.getByRole('listitem').first();
  await aEliminar.getByText('Eliminar', { exact: true }).click();
  await aEliminar.getByLabel('Motivo para eliminarla').fill('Se incorporó el dictamen.');
  await aEliminar.getByRole('button', { name: 'Eliminar la anotación' }).click();
  await expect(a.getByText('Anotación eliminada.')).toBeVisible();
  await expect(notas.getByText(/Eliminada el .*Motivo: Se incorporó el dictamen\./)).toBeVisible();
});
