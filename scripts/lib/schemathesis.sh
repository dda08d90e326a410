# The API against its own OpenAPI document (issue #14): schemathesis (PyPI, in a venv outside
# the clone) fuzzes every operation of /api/v1/openapi.json on a fresh release server with the
# demo province, as an administrator with a personal token, and fails on any 5xx, any status
# the document does not list, and any answer that does not match its documented schema or
# content type. A fixed seed and a time budget keep the run the same size every time.
# shellcheck shell=bash

SCHEMATHESIS_VERSION="4.32.5"
SCHEMATHESIS_VENV="${HERRAMIENTAS:-$HOME/.cache/sigexp/tools}/schemathesis-venv"
# Seconds of fuzzing for every operation but those that end the token's life, then for those.
SCHEMATHESIS_SEGUNDOS="${SIGEXP_SCHEMATHESIS_SECONDS:-120}"
SCHEMATHESIS_SEGUNDOS_FINALES="${SIGEXP_SCHEMATHESIS_FINAL_SECONDS:-30}"
# Operations that can end the administrator's token (a reset or a deactivation of user 1, a
# password change, a logout of every session, revoking the token): fuzzed last, on their own,
# so they do not turn the rest of the run into 401s.
SCHEMATHESIS_AL_FINAL=(
  "POST /api/v1/usuarios/{id}/restablecer"
  "PATCH /api/v1/usuarios/{id}"
  "POST /api/v1/auth/password"
  "POST /api/v1/auth/logout"
  "DELETE /api/v1/tokens/{id}"
)

st_asegurar() {
  if "$SCHEMATHESIS_VENV/bin/st" --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION"; then
    return 0
  fi
  paso "Instalando schemathesis $SCHEMATHESIS_VERSION (PyPI)"
  venv_pip "$SCHEMATHESIS_VENV" "schemathesis==$SCHEMATHESIS_VERSION"
}

# st_contrato BINARY: serves BINARY on a temporary SQLite with the demo province, fuzzes the
# API and stops it; fails when schemathesis finds anything or the server logs a panic.
st_contrato() {
  local binario="$1" datos puerto base pid clave token fallo=0
  st_asegurar
  datos="$(mktemp -d /tmp/sigexp-st.XXXXXX)"
  puerto="$(puerto_libre)"
  base="http://127.0.0.1:$puerto"
  clave="contrato de la API $(date +%s)"
  SIGEXP_DATA_DIR="$datos" LEPTOS_SITE_ADDR="127.0.0.1:$puerto" SIGEXP_DEMO=true \
    SIGEXP_ADMIN_EMAIL="admin.st@sigexp.local" SIGEXP_ADMIN_PASSWORD="$clave" \
    SIGEXP_LOG=warn "$binario" >"$datos/servidor.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do
    curl -fsS --max-time 1 -o /dev/null "$base/api/v1/health" 2>/dev/null && break
    sleep 0.2
  done
  curl -fsS -c "$datos/cookies" -H 'content-type: application/json' \
    -d "{\"email\":\"admin.st@sigexp.local\",\"password\":\"$clave\"}" "$base/api/v1/auth/login" >/dev/null
  token="$(curl -fsS -b "$datos/cookies" -H 'content-type: application/json' \
    -d "{\"nombre\":\"schemathesis\",\"password\":\"$clave\"}" "$base/api/v1/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  local comunes=(
    "$base/api/v1/openapi.json" --url "$base" -H "Authorization: Bearer $token"
    --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance
    --seed 1 --workers 2 --no-color
  )
  local fuera=() dentro=() o
  for o in "${SCHEMATHESIS_AL_FINAL[@]}"; do
    fuera+=(--exclude-name "$o")
    dentro+=(--include-name "$o")
  done
  "$SCHEMATHESIS_VENV/bin/st" run "${comunes[@]}" --max-time "$SCHEMATHESIS_SEGUNDOS" "${fuera[@]}" || fallo=1
  "$SCHEMATHESIS_VENV/bin/st" run "${comunes[@]}" --max-time "$SCHEMATHESIS_SEGUNDOS_FINALES" "${dentro[@]}" || fallo=1
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  if grep -q panicked "$datos/servidor.log"; then
    echo "--- el servidor registró un panic ---"; grep -m 3 -A 3 panicked "$datos/servidor.log"
    fallo=1
  fi
  rm -rf "$datos"
  return "$fallo"
}
