# Shared by scripts/run, scripts/test and scripts/bench: where build output and tools live
# (outside the clone, so repeated runs are fast) and how to install what a fresh machine of
# this kind lacks. Every step checks first and installs only what is missing.
# shellcheck shell=bash

set -euo pipefail

RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sigexp/target}"
HERRAMIENTAS="${SIGEXP_TOOLS_DIR:-$HOME/.cache/sigexp/tools}"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$HERRAMIENTAS/binaryen/node_modules/.bin:$HERRAMIENTAS/esbuild/node_modules/.bin:$PATH"
# The site (WASM, JS, CSS, favicon) is built under the workspace, where `cargo leptos watch`
# also writes it; the server reads it from here.
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$RAIZ/target/site}"

BINARYEN_VERSION="132.0.0"
ESBUILD_VERSION="0.25.12"

paso() { printf '\n==> %s\n' "$*"; }

# A TCP port on 127.0.0.1 that is free right now.
puerto_libre() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# venv_pip DIR SPEC: a fresh Python venv at DIR (outside the clone) with one PyPI package.
# Debian's python3 ships venv (ensurepip) in a separate package, installed when missing.
venv_pip() {
  rm -rf "$1"
  mkdir -p "$(dirname "$1")"
  if ! python3 -m venv "$1" 2>/dev/null; then
    apt_instalar python3-venv
    rm -rf "$1"
    python3 -m venv "$1"
  fi
  "$1/bin/pip" install -q --disable-pip-version-check "$2"
}

apt_instalar() {
  # Try with the package lists the machine has; refresh them once if that fails.
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq "$@" >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq "$@" >/dev/null
  fi
}

asegurar_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    paso "Instalando el target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

asegurar_wasm_bindgen() {
  # The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
  local version
  version="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' "$RAIZ/Cargo.lock")"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $version\$"; then
    paso "Instalando wasm-bindgen-cli $version"
    cargo install wasm-bindgen-cli --version "$version"
  fi
}

asegurar_wasm_opt() {
  # npm's binaryen; Debian's (version 108) silently breaks hydration (TOOLCHAIN.md).
  if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    paso "Instalando wasm-opt (npm binaryen $BINARYEN_VERSION)"
    mkdir -p "$HERRAMIENTAS/binaryen"
    (cd "$HERRAMIENTAS/binaryen" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
      && npm install --silent --no-audit --no-fund -E "binaryen@$BINARYEN_VERSION")
  fi
}

asegurar_esbuild() {
  # Minifies the wasm-bindgen JS glue (52 KB → 24 KB; 7.7 KB → 6.1 KB with brotli).
  if ! esbuild --version 2>/dev/null | grep -qx "$ESBUILD_VERSION"; then
    paso "Instalando esbuild (npm $ESBUILD_VERSION)"
    mkdir -p "$HERRAMIENTAS/esbuild"
    (cd "$HERRAMIENTAS/esbuild" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
      && npm install --silent --no-audit --no-fund -E "esbuild@$ESBUILD_VERSION")
  fi
}

asegurar_node() {
  if ! command -v npm >/dev/null; then
    paso "Instalando Node.js y npm"
    apt_instalar nodejs npm
  fi
}

# Everything the release build needs.
asegurar_herramientas_de_build() {
  asegurar_node
  asegurar_wasm_target
  asegurar_wasm_bindgen
  asegurar_wasm_opt
  asegurar_esbuild
}

# Builds the site and the server binary in release mode: what `cargo leptos build --release`
# does for this project, without compiling cargo-leptos (20 minutes on a fresh machine).
# The WASM (profile wasm-release), its JS glue (wasm-bindgen), wasm-opt, the CSS and the
# favicon go into a new site directory; sitio.mjs names them by content, compresses them
# once and writes hash.txt; the new directory then replaces the old one at once.
# The browser build runs beside the server build (and the wasm-bindgen CLI, when missing,
# compiles beside both): each has stretches on one core (the WASM's single codegen unit and
# LTO, the server's last crates), which the others fill.
compilar_release() {
  asegurar_node
  asegurar_wasm_target
  asegurar_wasm_opt
  asegurar_esbuild
  paso "Compilando el navegador (WASM) y el servidor, release"
  compilar_sitio &
  local sitio=$!
  local servidor=0
  (cd "$RAIZ" && LEPTOS_OUTPUT_NAME=sigexp cargo build --locked --release -p server --bin sigexp \
    --no-default-features --features ssr) || servidor=$?
  wait "$sitio" || { echo "Falló la compilación del navegador." >&2; return 1; }
  [ "$servidor" -eq 0 ] || { echo "Falló la compilación del servidor." >&2; return 1; }
}

compilar_sitio() {
  # The browser build keeps its own target directory (where cargo-leptos keeps it too).
  local front="$CARGO_TARGET_DIR/front"
  local nuevo="$LEPTOS_SITE_ROOT.nuevo"
  # The wasm-bindgen CLI (3 minutes to compile on a fresh machine) is needed only once the
  # WASM exists: it compiles meanwhile.
  asegurar_wasm_bindgen &
  local bindgen=$!
  rm -rf "$nuevo"
  mkdir -p "$nuevo/pkg"
  # Two bundles: `sigexp` with every island but the CSV import's, which only /admin/importar
  # needs and which weighs 24 KB with brotli; `sigexp-admin` with all of them, for that page.
  compilar_paquete "$front" hydrate "$nuevo/pkg" sigexp "$bindgen"
  compilar_paquete "$front" hydrate,importador "$nuevo/pkg" sigexp-admin ""
  cp "$RAIZ/style/main.css" "$nuevo/pkg/sigexp.css"
  cp -r "$RAIZ/style/assets/." "$nuevo/"
  node "$RAIZ/scripts/lib/sitio.mjs" "$nuevo" sigexp sigexp-admin
  rm -rf "$LEPTOS_SITE_ROOT"
  mv "$nuevo" "$LEPTOS_SITE_ROOT"
}

# One browser bundle: the wasm-release build with these features, its JS glue (wasm-bindgen,
# then esbuild's minifier) and wasm-opt, into <pkg>/<name>.js and <name>.wasm.
compilar_paquete() {
  local front="$1" funciones="$2" pkg="$3" nombre="$4" esperar="$5"
  (cd "$RAIZ" && LEPTOS_OUTPUT_NAME=sigexp cargo build --locked -p frontend --lib --target-dir "$front" \
    --target wasm32-unknown-unknown --profile wasm-release --no-default-features --features "$funciones")
  [ -z "$esperar" ] || wait "$esperar"
  wasm-bindgen --target web --no-typescript --out-name "$nombre" --out-dir "$pkg" \
    "$front/wasm32-unknown-unknown/wasm-release/frontend.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$pkg/${nombre}_bg.wasm" -o "$pkg/$nombre.wasm"
  rm "$pkg/${nombre}_bg.wasm"
  esbuild "$pkg/$nombre.js" --minify --format=esm --log-level=warning --outfile="$pkg/$nombre.min.js"
  mv "$pkg/$nombre.min.js" "$pkg/$nombre.js"
}

BINARIO="$CARGO_TARGET_DIR/release/sigexp"
