// The documents of an expediente, hydrated: a mesa uploads two files at once and sees one
// progress bar per file, a disallowed file is refused with the server's reason, the documents
// list shows fojas, version and a preview, and a pase seals them and leaves a constancia
// with each document's SHA-256.
import { createHash } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { test, expect, admin, login } from './fixtures';


const CLAVE = 'clave de las mesas de prueba';

async function crear(api: APIRequestContext, camino: string, data: object): Promise<number> {
  const r = await api.post(camino, { data });
  expect(r.status(), `${camino} ${JSON.stringify(data)}`).toBe(201);
  return (await r.json()).id;
}

/** A two-page PDF, padded with a ~3 MB comment so its upload lasts long enough to be seen. */
function pdfDeDosPaginas(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n' +
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
      '2 0 obj << /Type /Pages /Count 2 /Kids [3 0 R 4 0 R] >> endobj\n' +
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n' +
      '4 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n' +
      '%' + 'x'.repeat(3_000_000) + '\n' +
      'trailer << /Root 1 0 R >>\n' +
      '%%EOF\n',
    'latin1',
  );
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

test('una mesa sube documentos con progreso, se rechaza un ejecutable y el pase los sella', async ({ page, browserErrors, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'uploads with progress bars need the hydrated page');
  test.setTimeout(180_000); // a 3 MB upload and two axe runs on a busy machine
  // The refused upload answers 415, which Chromium logs as a failed resource.
  browserErrors.allow(/status of 415/);

  // An organismo with a mesa and an oficina under it, and a mesa user (through the API).
  const s = Date.now().toString(36).toUpperCase().slice(-5);
  await login(page, admin.email, admin.password);
  const org = await crear(page.request, '/api/v1/organismos', { codigo: `D${s}`, nombre: `Organismo ${s}`, tipo: 'CENTRAL' });
  const mesa = await crear(page.request, '/api/v1/unidades', { organismo_id: org, codigo: 'ME', nombre: `Mesa ${s}`, tipo: 'MESA_DE_ENTRADA' });
  await crear(page.request, '/api/v1/unidades', { organismo_id: org, codigo: 'DGA', nombre: `Dirección ${s}`, tipo: 'OFICINA', mesa_id: mesa });
  const correo = `mesa.doc.${s.toLowerCase()}@prueba.gob.ar`;
  await crear(page.request, '/api/v1/usuarios', { email: correo, nombre: 'Dora', apellido: 'Mesa', perfil: 'MESA_DE_ENTRADA', unidad_id: mesa, password: CLAVE });

  // The mesa user, on this same page so the console fixture watches it.
  await page.context().clearCookies();
  await login(page, correo, CLAVE);
  const r = await page.request.post('/api/v1/expedientes', { data: { extracto: `Trámite con documentos ${s}`, iniciador: { nombre: 'Vecina' } } });
  expect(r.status()).toBe(201);
  const { id, numero } = await r.json();
  await page.goto(`/expedientes/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: numero })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const seccion = page.locator('section', { has: page.locator('h2#documentos') });
  await expect(seccion.getByRole('heading', { level: 2, name: 'Documentos' })).toBeVisible();
  await expect(seccion.getByText('Todavía no tiene documentos.')).toBeVisible();
  // Hydrated: files go as soon as they are chosen, so the form's own button hides.
  await expect(page.getByRole('button', { name: 'Subir', exact: true })).toBeHidden();
  const entrada = page.getByLabel('Agregar documentos', { exact: true });
  const carga = (nombre: string): Locator => page.locator('li.carga').filter({ hasText: nombre });

  // A Windows executable named .pdf is refused by its content, with the server's reason.
  const virus = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]);
  await entrada.setInputFiles({ name: 'virus.pdf', mimeType: 'application/pdf', buffer: virus });
  await expect(page.getByRole('progressbar', { name: 'Subida de virus.pdf' })).toBeVisible();
  await expect(carga('virus.pdf').locator('.carga-estado')).toHaveText('No se pudo subir', { timeout: 30_000 });
  const motivo = carga('virus.pdf').getByRole('alert');
  await expect(motivo).toContainText('virus.pdf');
  await expect(motivo).toContainText('no es de un tipo permitido');
  const vacia = await (await page.request.get(`/api/v1/expedientes/${id}/archivos`)).json();
  expect(vacia.items).toEqual([]);
  // (Nothing was stored, so the page does not reload here.)

  // Two files at once: one progress bar each, both end as "Subido".
  // The uploads are held a second on their way, so both bars are seen before the page
  // reloads (on loopback a small file is done in milliseconds).
  await page.route('**/api/v1/expedientes/*/archivos', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  const pdf = pdfDeDosPaginas();
  const nota = Buffer.from('Nota de prueba para el expediente.\nSegunda línea: áéíóú ñ.\n', 'utf8');
  await entrada.setInputFiles([
    { name: 'informe.pdf', mimeType: 'application/pdf', buffer: pdf },
    { name: 'nota.txt', mimeType: 'text/plain', buffer: nota },
  ]);
  for (const nombre of ['informe.pdf', 'nota.txt']) {
    await expect(page.getByRole('progressbar', { name: `Subida de ${nombre}` })).toBeVisible();
  }
  // When both have ended the page reloads and says, with the focus on it, what was stored;
  // both documents are listed, with fojas 1 to 3 between them.
  const subidas = page.getByRole('status').filter({ hasText: 'Se subieron 2 documentos' });
  await expect(subidas).toBeVisible({ timeout: 60_000 });
  await expect(subidas).toContainText('«informe.pdf»');
  await expect(subidas).toContainText('«nota.txt»');
  await expect(subidas).toBeFocused();
  await expect(page.locator('li.carga')).toHaveCount(0);
  const documentos = page.locator('ol.documentos > li.documento');
  await expect(documentos).toHaveCount(2, { timeout: 30_000 });
  await expect(seccion.getByText('Todavía no tiene documentos.')).toHaveCount(0);
  const documento = (nombre: string): Locator =>
    documentos.filter({ has: page.getByRole('link', { name: nombre, exact: true }) });
  const docPdf = documento('informe.pdf');
  const docNota = documento('nota.txt');
  for (const [d, nombre] of [[docPdf, 'informe.pdf'], [docNota, 'nota.txt']] as const) {
    const enlace = d.getByRole('link', { name: nombre, exact: true });
    await expect(enlace).toHaveAttribute('href', /^\/api\/v1\/archivos\/\d+\/contenido$/);
    await expect(enlace).toHaveAttribute('download', nombre);
    await expect(d.locator('span.sello')).toHaveCount(0);
  }
  const cola = ' \\(cuerpo 1\\) · versión 1 · subido por .+ el \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}$';
  const datosPdf = docPdf.locator('p.documento-datos');
  const datosNota = docNota.locator('p.documento-datos');
  await expect(datosPdf).toHaveText(new RegExp(`^PDF · 2,9 MB · fs\\. (1–2|2–3)${cola}`));
  await expect(datosNota).toHaveText(new RegExp(`^Texto · \\d+ B · f\\. (1|3)${cola}`));
  // Fojas follow the order in which the uploads were stored, and the two went in parallel:
  // usually the small text file lands first. Either way the PDF takes two fojas, the text one.
  if ((await datosPdf.textContent())?.includes('fs. 1–2')) {
    await expect(datosNota).toContainText('f. 3 (cuerpo 1)');
    await expect(documentos.first()).toContainText('informe.pdf');
  } else {
    await expect(datosPdf).toContainText('fs. 2–3 (cuerpo 1)');
    await expect(datosNota).toContainText('f. 1 (cuerpo 1)');
    await expect(documentos.first()).toContainText('nota.txt');
  }
  await expect(page.locator('xpath=//dl[contains(@class,"datos")]/dt[normalize-space()="Fojas"]/following-sibling::dd[1]')).toHaveText('3');
  // Previews only for PDF and images; unsealed documents can be replaced or desglosados.
  await expect(docPdf.locator('details.vista-previa > summary')).toHaveText('Vista previa');
  await expect(docNota.locator('details.vista-previa')).toHaveCount(0);
  await expect(page.getByLabel('Reemplazar «informe.pdf» por una nueva versión', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Motivo del desglose de «nota.txt»', { exact: true })).toBeAttached();
  await expect(docPdf.getByText('Desglosar', { exact: true })).toBeVisible();
  // The text file downloads as it was sent.
  const bajada = await page.request.get((await docNota.getByRole('link').getAttribute('href')) ?? '');
  expect(bajada.status()).toBe(200);
  expect(bajada.headers()['content-type']).toContain('text/plain');
  expect((await bajada.body()).equals(nota)).toBe(true);

  // The page with documents and progress bars: accessible, and no sideways scroll on a phone.
  await expectNoAxe(page);
  await expectFitsPhone(page);

  // A pase to the oficina seals both documents.
  await page.getByLabel('Unidad de destino').fill(`Dirección ${s} — Organismo ${s} (DGA)`);
  await page.getByLabel('Motivo', { exact: true }).fill('Para su intervención con los documentos');
  await page.getByRole('button', { name: 'Enviar pase' }).click();
  await expect(page.getByText('En tránsito (pase pendiente de recepción)')).toBeVisible({ timeout: 30_000 });
  await expect(documentos).toHaveCount(2);
  for (const d of [docPdf, docNota]) await expect(d.locator('span.sello')).toHaveText('Sellado');
  // Sealed and out of the unidad's hands: no more uploads, replacements or desgloses.
  await expect(page.getByLabel('Agregar documentos', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Reemplazar «informe.pdf» por una nueva versión', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Motivo del desglose de «nota.txt»', { exact: true })).toHaveCount(0);

  // The Pases tab shows the constancia: both documents, sealed, with their SHA-256.
  await page.getByRole('tab', { name: 'Pases' }).click();
  const panel = page.locator('#panel-pases');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { level: 3, name: 'Constancias de pase' })).toBeVisible();
  const constancias = panel.locator('ol.constancias > li');
  await expect(constancias).toHaveCount(1);
  const constancia = constancias.first();
  await expect(constancia).toContainText('Pase del ');
  await expect(constancia).toContainText('2 documentos sellados');
  await expect(constancia).toContainText('3 fojas');
  const sellados = constancia.locator('ul > li');
  await expect(sellados).toHaveCount(2);
  for (const [nombre, bytes] of [['informe.pdf', pdf], ['nota.txt', nota]] as const) {
    const item = sellados.filter({ hasText: nombre });
    await expect(item.locator('span.sello')).toHaveText('Sellado');
    await expect(item).toContainText(`${nombre} (versión 1)`);
    await expect(item).toContainText(/fs\. \d+–\d+/);
    await expect(item.locator('code')).toHaveText(sha256(bytes));
  }
  await expectNoAxe(page);
  await expectFitsPhone(page);

  // Last (so axe never walks into the PDF frame): the PDF's preview opens in a frame whose
  // address answers the PDF itself.
  await docPdf.locator('details.vista-previa > summary').click();
  const marco = page.locator('iframe[title="Vista previa de informe.pdf"]');
  await expect(marco).toBeVisible();
  const src = await marco.getAttribute('src');
  expect(src).toMatch(/^\/api\/v1\/archivos\/\d+\/contenido$/);
  const contenido = await page.request.get(src ?? '');
  expect(contenido.status()).toBe(200);
  expect(contenido.headers()['content-type']).toBe('application/pdf');
  expect((await contenido.body()).equals(pdf)).toBe(true);
});

test('sin JavaScript, el formulario sube un archivo y vuelve a la página', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'the plain form, as a browser without scripts posts it');
  const s = Date.now().toString(36).toUpperCase().slice(-5);
  await login(page, admin.email, admin.password);
  const org = await crear(page.request, '/api/v1/organismos', { codigo: `N${s}`, nombre: `Organismo ${s}`, tipo: 'CENTRAL' });
  const mesa = await crear(page.request, '/api/v1/unidades', { organismo_id: org, codigo: 'ME', nombre: `Mesa ${s}`, tipo: 'MESA_DE_ENTRADA' });
  const correo = `mesa.nojs.${s.toLowerCase()}@prueba.gob.ar`;
  await crear(page.request, '/api/v1/usuarios', { email: correo, nombre: 'Nora', apellido: 'Mesa', perfil: 'MESA_DE_ENTRADA', unidad_id: mesa, password: CLAVE });
  await page.context().clearCookies();
  await login(page, correo, CLAVE);
  const r = await page.request.post('/api/v1/expedientes', { data: { extracto: `Trámite sin scripts ${s}`, iniciador: { nombre: 'Vecino' } } });
  expect(r.status()).toBe(201);
  const { id } = await r.json();
  await page.goto(`/expedientes/${id}`);

  const entrada = page.getByLabel('Agregar documentos', { exact: true });
  await entrada.setInputFiles({ name: 'acta.txt', mimeType: 'text/plain', buffer: Buffer.from('Acta de constatación\n') });
  await page.getByRole('button', { name: 'Subir', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/expedientes/${id}#documentos$`));
  await expect(page.getByRole('link', { name: 'acta.txt', exact: true })).toBeVisible();
  await expect(page.locator('li.documento p.documento-datos')).toContainText('Texto · 22 B · f. 1 (cuerpo 1) · versión 1');

  // A refused file comes back to the page with the reason.
  await page.getByLabel('Agregar documentos', { exact: true }).setInputFiles({ name: 'virus.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]) });
  await page.getByRole('button', { name: 'Subir', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/expedientes/${id}\\?error_archivo=file_type_not_allowed`));
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Documentos' }).getByRole('alert')).toContainText('no es de un tipo permitido');
  await expect(page.locator('li.documento')).toHaveCount(1);
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
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), 'axe-core violations').toEqual([]);
}
