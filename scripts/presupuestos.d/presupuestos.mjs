// The data work of scripts/presupuestos (page budgets): seeds a fresh server through the JSON
// API, measures what each page transfers, reads Lighthouse's reports and writes the table.
// Node 20, no dependencies (Lighthouse itself runs from the shell script).
//
// Usage:
//   node presupuestos.mjs sembrar <base-url> <admin-email> <admin-password>
//       prints {"cookie", "expediente_id", "pendientes", "en_unidad", "pases", "historial"}
//   node presupuestos.mjs tamanos <base-url> <cookie> <expediente-id>
//       prints the bytes each page transfers (JSON)
//   node presupuestos.mjs informe <tamanos.json> <lighthouse-dir> [<markdown-out>]
//       prints the table of figures and budgets; exit status 10 when a budget is not met
//       (any other failure exits 1)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";

// --- Budgets (the issue's figures; 1 KB = 1 KiB = 1024 bytes) ---------------------------------
const KIB = 1024;
const NO_CUMPLE = 10; // exit status of `informe` when a budget is not met
const PRESUPUESTO = {
  loginJsWasmBr: 150 * KIB,
  pagina: 250 * KIB,
  rendimiento: 95,
  accesibilidad: 100,
  tbtMs: 200,
};

// --- What is seeded -----------------------------------------------------------------------------
const EN_UNIDAD = 30; // expedientes held by the mesa (bandeja, "en la unidad")
const PENDIENTES = 20; // pases from the other mesa waiting to be received
const IDAS_Y_VUELTAS = 30; // round trips of the long expediente: 60 pases, 121 historial events

function fallar(mensaje) {
  console.error(mensaje);
  process.exit(1);
}

// --- JSON API client ------------------------------------------------------------------------
// Sends Origin (our own) so state-changing calls pass the cross-site check as a browser's would.
function cliente(base, cookie = "") {
  const origen = new URL(base).origin;
  const llamar = async (metodo, ruta, cuerpo) => {
    const res = await fetch(new URL(ruta, base), {
      method: metodo,
      headers: {
        Accept: "application/json",
        Origin: origen,
        ...(cuerpo === undefined ? {} : { "Content-Type": "application/json" }),
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: cuerpo === undefined ? undefined : JSON.stringify(cuerpo),
    });
    const texto = await res.text();
    if (!res.ok) fallar(`${metodo} ${ruta} respondió ${res.status}: ${texto.slice(0, 500)}`);
    return { res, json: texto ? JSON.parse(texto) : null };
  };
  return {
    get: async (ruta) => (await llamar("GET", ruta)).json,
    post: async (ruta, cuerpo = {}) => (await llamar("POST", ruta, cuerpo)).json,
    // Logs in and answers a client carrying the session cookie.
    async entrar(email, password) {
      const { res } = await llamar("POST", "/api/v1/auth/login", { email, password });
      const galleta = res.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .find((c) => /^(__Host-)?sigexp_sesion=/.test(c));
      if (!galleta) fallar("El login no devolvió la cookie de sesión.");
      const sesion = cliente(base, galleta);
      const yo = await sesion.get("/api/v1/me");
      if (yo.debe_cambiar_password) {
        fallar(`La contraseña de ${email} es temporal: el script necesita una definitiva.`);
      }
      return { ...sesion, cookie: galleta };
    },
  };
}

const TEMAS = [
  "Solicitud de licencia por estudio",
  "Pedido de reintegro de gastos de movilidad",
  "Adquisición de insumos informáticos para la dirección",
  "Reclamo por liquidación de haberes",
  "Convenio de colaboración con el municipio",
  "Habilitación comercial de local gastronómico",
  "Renovación del contrato de locación del edificio",
  "Solicitud de subsidio para la asociación vecinal",
];
const PERSONAS = [
  "María Fernanda Gómez",
  "Juan Carlos Pérez",
  "Lucía Martínez",
  "Ricardo Alberto Sosa",
  "Ana Belén Rodríguez",
  "Cooperativa de Trabajo El Calafate Ltda.",
];
function nuevoExpediente(i) {
  return {
    extracto: `${TEMAS[i % TEMAS.length]} (trámite ${i + 1}), con la documentación respaldatoria.`,
    iniciador: { nombre: PERSONAS[i % PERSONAS.length] },
  };
}

async function sembrar(base, email, password) {
  const admin = await cliente(base).entrar(email, password);
  const sufijo = `${Date.now()}`;
  const clave = (quien) => `presupuestos ${quien} ${sufijo}`;

  // Two organismos, each with its mesa de entradas and one MESA DE ENTRADA user.
  const mesas = [];
  for (const [codigo, nombre] of [
    ["PRES", "Ministerio de Economía, Finanzas e Infraestructura"],
    ["OTRO", "Ministerio de Salud y Ambiente"],
  ]) {
    const org = await admin.post("/api/v1/organismos", { codigo, nombre, tipo: "CENTRAL" });
    const unidad = await admin.post("/api/v1/unidades", {
      organismo_id: org.id,
      codigo: `ME${codigo}`,
      nombre: "Mesa de Entradas y Salidas",
      tipo: "MESA_DE_ENTRADA",
    });
    const correo = `mesa.${codigo.toLowerCase()}@presupuestos.sigexp.local`;
    await admin.post("/api/v1/usuarios", {
      email: correo,
      nombre: "Mesa",
      apellido: codigo,
      perfil: "MESA_DE_ENTRADA",
      unidad_id: unidad.id,
      organismo_id: org.id,
      password: clave(codigo),
    });
    mesas.push({ unidad, sesion: await cliente(base).entrar(correo, clave(codigo)) });
  }
  const [a, b] = mesas;
  const motivo = "Para su intervención y continuidad del trámite.";

  for (let i = 0; i < EN_UNIDAD; i++) {
    await a.sesion.post("/api/v1/expedientes", nuevoExpediente(i));
  }
  for (let i = 0; i < PENDIENTES; i++) {
    const e = await b.sesion.post("/api/v1/expedientes", nuevoExpediente(EN_UNIDAD + i));
    await b.sesion.post(`/api/v1/expedientes/${e.id}/pases`, {
      destino_unidad_id: a.unidad.id,
      motivo,
    });
  }

  // The long expediente: sent and received between the two mesas, ending held by the first.
  const largo = await a.sesion.post("/api/v1/expedientes", {
    extracto:
      "Licitación pública para la obra de ampliación del hospital regional, con su circuito completo.",
    iniciador: { nombre: "Dirección Provincial de Arquitectura" },
  });
  for (let i = 0; i < IDAS_Y_VUELTAS; i++) {
    for (const [desde, hacia] of [
      [a, b],
      [b, a],
    ]) {
      const pase = await desde.sesion.post(`/api/v1/expedientes/${largo.id}/pases`, {
        destino_unidad_id: hacia.unidad.id,
        motivo: `${motivo} Vuelta ${i + 1}.`,
      });
      await hacia.sesion.post(`/api/v1/pases/${pase.id}/recibir`);
    }
  }

  const bandeja = await a.sesion.get("/api/v1/bandeja");
  const historial = await a.sesion.get(`/api/v1/expedientes/${largo.id}/historial?per_page=1`);
  const pases = await a.sesion.get(`/api/v1/expedientes/${largo.id}/pases?per_page=1`);
  console.log(
    JSON.stringify({
      cookie: a.sesion.cookie,
      expediente_id: largo.id,
      pendientes: bandeja.total_pendientes,
      en_unidad: bandeja.total_en_unidad,
      pases: pases.total,
      historial: historial.total,
    }),
  );
}

// --- Sizes ----------------------------------------------------------------------------------
// Raw HTTP (node:http does not decode bodies): the body bytes exactly as they travel, without
// the headers.
function traer(url, aceptar, cookie) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { "Accept-Encoding": aceptar, ...(cookie ? { Cookie: cookie } : {}) } },
      (res) => {
        const partes = [];
        res.on("data", (p) => partes.push(p));
        res.on("end", () => {
          const cuerpo = Buffer.concat(partes);
          const codificacion = res.headers["content-encoding"] ?? "identity";
          resolve({ estado: res.statusCode, codificacion, cuerpo, url });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`tiempo agotado: ${url}`)));
  });
}

function decodificar({ codificacion, cuerpo }) {
  if (codificacion === "br") return brotliDecompressSync(cuerpo);
  if (codificacion === "gzip") return gunzipSync(cuerpo);
  return cuerpo;
}

// The JS, WASM and CSS a page pulls: <link rel="modulepreload">, <link rel="preload" as="fetch">
// (the WASM), stylesheets, <script src>, and any /pkg/ name in the inline hydration script.
function recursos(html, base) {
  const urls = new Set();
  const atributo = (etiqueta, nombre) =>
    etiqueta
      .match(new RegExp(`\\s${nombre}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"))
      ?.slice(1)
      .find(Boolean);
  for (const [etiqueta] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (atributo(etiqueta, "rel") ?? "").toLowerCase().split(/\s+/);
    const como = (atributo(etiqueta, "as") ?? "").toLowerCase();
    const href = atributo(etiqueta, "href");
    if (!href) continue;
    const precarga = rel.includes("preload") && ["fetch", "script", "style"].includes(como);
    if (rel.includes("modulepreload") || rel.includes("stylesheet") || precarga) {
      urls.add(new URL(href, base).href);
    }
  }
  for (const [etiqueta] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = atributo(etiqueta, "src");
    if (src) urls.add(new URL(src, base).href);
  }
  for (const [ruta] of html.matchAll(/\/pkg\/[A-Za-z0-9._-]+\.(?:js|wasm|css)\b/g)) {
    urls.add(new URL(ruta, base).href);
  }
  return [...urls];
}

function tipoDe(url) {
  const ext = new URL(url).pathname.split(".").pop();
  return { js: "js", mjs: "js", wasm: "wasm", css: "css" }[ext] ?? "otro";
}

async function tamanos(base, cookie, expedienteId) {
  const paginas = [
    { pagina: "login", ruta: "/login", cookie: "" },
    { pagina: "bandeja", ruta: "/bandeja", cookie },
    { pagina: "expediente", ruta: `/expedientes/${expedienteId}`, cookie },
  ];
  const salida = [];
  for (const p of paginas) {
    const url = new URL(p.ruta, base).href;
    const html = await traer(url, "br, gzip", p.cookie);
    if (html.estado !== 200) fallar(`GET ${p.ruta} respondió ${html.estado}.`);
    const texto = decodificar(html).toString("utf8");
    // A page behind login that rendered the login form means the cookie did not work.
    if (p.cookie && /type="password"/.test(texto)) {
      fallar(`GET ${p.ruta} mostró el login: la sesión no sirvió.`);
    }
    const archivos = [];
    for (const r of recursos(texto, url)) {
      const servido = await traer(r, "br, gzip", p.cookie);
      if (servido.estado !== 200) fallar(`GET ${r} respondió ${servido.estado}.`);
      const soloBr = await traer(r, "br", p.cookie);
      archivos.push({
        url: new URL(r).pathname,
        tipo: tipoDe(r),
        bytes: servido.cuerpo.length,
        codificacion: servido.codificacion,
        bytes_br: soloBr.cuerpo.length,
        codificacion_br: soloBr.codificacion,
        crudo: decodificar(servido).length,
      });
    }
    const suma = (tipo, campo = "bytes") =>
      archivos.filter((a) => tipo === "*" || a.tipo === tipo).reduce((s, a) => s + a[campo], 0);
    salida.push({
      pagina: p.pagina,
      ruta: p.ruta.replace(/\/\d+$/, "/{id}"),
      html: html.cuerpo.length,
      html_codificacion: html.codificacion,
      html_crudo: Buffer.byteLength(texto),
      // For reference only: pages go uncompressed on purpose (BREACH, server/src/http/mod.rs).
      html_gzip: gzipSync(texto, { level: 9 }).length,
      js: suma("js"),
      wasm: suma("wasm"),
      css: suma("css"),
      otros: suma("otro"),
      total: html.cuerpo.length + suma("*"),
      js_wasm_br: suma("js", "bytes_br") + suma("wasm", "bytes_br"),
      archivos,
    });
  }
  console.log(JSON.stringify(salida, null, 2));
}

// --- Lighthouse reports and the table -------------------------------------------------------
function mediana(valores) {
  const v = valores.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (v.length === 0) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// Reads <dir>/<pagina>-<n>.json, the reports of one page's runs.
function lighthouse(dir, pagina) {
  const corridas = [];
  const propios = readdirSync(dir).filter((n) => n.startsWith(`${pagina}-`) && n.endsWith(".json"));
  for (const nombre of propios.sort()) {
    let informe;
    try {
      informe = JSON.parse(readFileSync(join(dir, nombre), "utf8"));
    } catch {
      corridas.push({ error: `${nombre}: no es JSON` });
      continue;
    }
    const puntaje = (c) => {
      const valor = informe.categories?.[c]?.score;
      return valor == null ? NaN : Math.round(valor * 100);
    };
    corridas.push({
      rendimiento: puntaje("performance"),
      accesibilidad: puntaje("accessibility"),
      tbt: informe.audits?.["total-blocking-time"]?.numericValue ?? NaN,
      lcp: informe.audits?.["largest-contentful-paint"]?.numericValue ?? NaN,
      error: informe.runtimeError?.code,
      url_final: informe.finalDisplayedUrl ?? informe.finalUrl,
      version: informe.lighthouseVersion,
      benchmark: informe.environment?.benchmarkIndex,
    });
  }
  return corridas;
}

const kib = (b) =>
  `${(b / KIB).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} KiB`;

function informe(archivoTamanos, dirLighthouse, salidaMd) {
  const paginas = JSON.parse(readFileSync(archivoTamanos, "utf8"));
  // Each row in Spanish for the console and in English for the Markdown copy (docs/ci.md).
  const filas = [];
  const fila = (es, en, medido, presupuesto, ok) => filas.push({ es, en, medido, presupuesto, ok });
  const notas = [];
  const nota = (es, en) => notas.push({ es, en });
  const versiones = new Set();

  const login = paginas.find((p) => p.pagina === "login");
  const jsWasm = kib(login.js_wasm_br);
  fila("login: JS + WASM, brotli", "login: JS + WASM, brotli", { es: jsWasm, en: jsWasm },
    `≤ ${kib(PRESUPUESTO.loginJsWasmBr)}`, login.js_wasm_br <= PRESUPUESTO.loginJsWasmBr);
  for (const p of paginas) {
    const partes = `HTML ${kib(p.html)} + JS ${kib(p.js)} + WASM ${kib(p.wasm)} + CSS ${kib(p.css)}`;
    const medido = (otros) => `${kib(p.total)} (${partes}${p.otros ? ` + ${otros} ${kib(p.otros)}` : ""})`;
    fila(`${p.pagina} (${p.ruta}): transferido`, `${p.pagina} (\`${p.ruta}\`): transferred`,
      { es: medido("otros"), en: medido("other") }, `≤ ${kib(PRESUPUESTO.pagina)}`,
      p.total <= PRESUPUESTO.pagina);
  }
  for (const p of paginas) {
    const lh = lighthouse(dirLighthouse, p.pagina);
    const buenas = lh.filter((c) => !c.error && Number.isFinite(c.rendimiento));
    const errores = lh.filter((c) => c.error).map((c) => c.error);
    if (errores.length) {
      nota(`${p.pagina}: Lighthouse informó ${errores.join(", ")}`,
        `${p.pagina}: Lighthouse reported ${errores.join(", ")}`);
    }
    // A run redirected elsewhere (the login, when the cookie did not work) measured another page.
    const prefijo = p.ruta.replace("/{id}", "/");
    const desvio = buenas.find((c) => c.url_final && !new URL(c.url_final).pathname.startsWith(prefijo));
    if (desvio) {
      nota(`${p.pagina}: Lighthouse terminó en ${desvio.url_final}`,
        `${p.pagina}: Lighthouse ended at ${desvio.url_final}`);
    }
    // "72 (mediana de 3: 72, 75, 70)": the median, then every run in order.
    const cifra = (campo, fmt, unidad = "") => {
      const m = mediana(buenas.map((c) => c[campo]));
      const serie = buenas.map((c) => fmt(c[campo])).join(", ");
      if (buenas.length === 0) return { valor: NaN, es: "sin corridas válidas", en: "no valid run" };
      return {
        valor: m,
        es: `${fmt(m)}${unidad} (mediana de ${buenas.length}: ${serie})`,
        en: `${fmt(m)}${unidad} (median of ${buenas.length}: ${serie})`,
      };
    };
    const rend = cifra("rendimiento", String);
    const acc = cifra("accesibilidad", String);
    const tbt = cifra("tbt", (x) => String(Math.round(x)), " ms");
    fila(`${p.pagina}: Lighthouse rendimiento`, `${p.pagina}: Lighthouse performance`, rend,
      `≥ ${PRESUPUESTO.rendimiento}`, rend.valor >= PRESUPUESTO.rendimiento);
    fila(`${p.pagina}: Lighthouse accesibilidad`, `${p.pagina}: Lighthouse accessibility`, acc,
      `= ${PRESUPUESTO.accesibilidad}`, acc.valor >= PRESUPUESTO.accesibilidad);
    fila(`${p.pagina}: total blocking time`, `${p.pagina}: total blocking time`, tbt,
      `≤ ${PRESUPUESTO.tbtMs} ms`, tbt.valor <= PRESUPUESTO.tbtMs);
    if (buenas[0]) {
      const lcp = Math.round(mediana(buenas.map((c) => c.lcp)));
      const indice = Math.round(mediana(buenas.map((c) => c.benchmark)));
      nota(`${p.pagina}: LCP (mediana) ${lcp} ms, benchmarkIndex ${indice}`,
        `${p.pagina}: LCP (median) ${lcp} ms, benchmarkIndex ${indice}`);
      versiones.add(buenas[0].version);
    }
  }
  // The user agent carries a reduced version (148.0.0.0): the script passes the real one.
  const navegador = process.env.SIGEXP_CHROMIUM ? `, ${process.env.SIGEXP_CHROMIUM}` : "";
  nota(`Lighthouse ${[...versiones].join(", ")}${navegador}`, `Lighthouse ${[...versiones].join(", ")}${navegador}`);

  // Console table, then the detail, then the Markdown copy.
  const estado = (f) => (f.ok ? "cumple" : "NO CUMPLE");
  const columnas = [(f) => f.es, (f) => f.medido.es, (f) => f.presupuesto, estado];
  const titulos = ["cifra", "medido", "presupuesto", "estado"];
  const anchos = columnas.map((c, i) =>
    Math.max(titulos[i].length, ...filas.map((f) => c(f).length)),
  );
  const linea = (celdas) => celdas.map((c, i) => c.padEnd(anchos[i])).join("  ").trimEnd();
  console.log(linea(titulos));
  for (const f of filas) console.log(linea(columnas.map((c) => c(f))));
  for (const n of notas) console.log(`  · ${n.es}`);
  console.log("\nDetalle (Accept-Encoding: br, gzip; cuerpos tal como viajan, sin cabeceras):");
  for (const p of paginas) {
    console.log(`  ${p.pagina}: HTML ${p.html} B (${p.html_codificacion}; ` +
      `${p.html_crudo} B sin comprimir, ${p.html_gzip} B con gzip -9)`);
    for (const a of p.archivos) {
      console.log(`    ${a.url}: ${a.bytes} B (${a.codificacion}; ${a.crudo} B sin comprimir; ` +
        `pedido solo br: ${a.bytes_br} B, ${a.codificacion_br})`);
    }
  }

  if (salidaMd) {
    const md = [
      "| figure | measured | budget | result |",
      "| --- | --- | --- | --- |",
      ...filas.map((f) =>
        `| ${f.en} | ${f.medido.en} | ${f.presupuesto} | ${f.ok ? "met" : "**not met**"} |`),
      "",
      ...notas.map((n) => `- ${n.en}`),
      "",
    ].join("\n");
    writeFileSync(salidaMd, md);
  }
  const fallidas = filas.filter((f) => !f.ok).length;
  process.exit(fallidas ? NO_CUMPLE : 0);
}

const [orden, ...args] = process.argv.slice(2);
if (orden === "sembrar" && args.length === 3) await sembrar(...args);
else if (orden === "tamanos" && args.length === 3) await tamanos(...args);
else if (orden === "informe" && args.length >= 2) informe(...args);
else fallar("uso: node presupuestos.mjs sembrar|tamanos|informe … (ver el encabezado del archivo)");
