// Finishes the site directory after the WASM build (scripts/lib/entorno.sh, compilar_sitio):
// gives the JS, WASM and CSS names that change with their content, writes a brotli and a gzip
// copy beside each (so the server never compresses them per request), and writes the
// `hash.txt` the server reads to name them in every page (Leptos' hash-files format). A second
// bundle (JS and WASM built with more islands) gets its own `hash-<name>.txt`, which the pages
// that load it read instead (app/src/lib.rs, paquete_de_la_pagina).
//
// Usage: node sitio.mjs <site-dir> <output-name> [<second-bundle-name> ...]
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const [sitio, principal, ...otros] = process.argv.slice(2);
if (!sitio || !principal) {
  console.error("uso: node sitio.mjs <directorio-del-sitio> <nombre> [<otro-paquete> ...]");
  process.exit(2);
}
const pkg = join(sitio, "pkg");

nombrar(principal, ["js", "wasm", "css"], "hash.txt");
for (const otro of otros) nombrar(otro, ["js", "wasm"], `hash-${otro}.txt`);

function nombrar(nombre, extensiones, lista) {
  // Names from an earlier build (hashed, or compressed copies) go: only this build is served.
  const propios = new RegExp(`^${nombre}\\.[0-9a-f]{16}\\.(js|wasm|css)(\\.br|\\.gz)?$`);
  for (const archivo of readdirSync(pkg)) {
    if (propios.test(archivo) || /\.d\.ts$/.test(archivo)) rmSync(join(pkg, archivo));
  }
  const lineas = [];
  for (const ext of extensiones) {
    const origen = join(pkg, `${nombre}.${ext}`);
    const bytes = readFileSync(origen);
    const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
    const destino = join(pkg, `${nombre}.${hash}.${ext}`);
    renameSync(origen, destino);
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    writeFileSync(`${destino}.br`, br);
    writeFileSync(`${destino}.gz`, gzipSync(bytes, { level: 9 }));
    lineas.push(`${ext}: ${hash}`);
    console.log(
      `${nombre}.${hash}.${ext}: ${bytes.length} bytes, brotli ${br.length}, gzip ${
        readFileSync(`${destino}.gz`).length
      }`,
    );
  }
  writeFileSync(join(sitio, lista), lineas.join("\n") + "\n");
}
