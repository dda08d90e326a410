# A private PostgreSQL cluster for the tests: started in a temporary directory on a free port,
# trusted local connections only, stopped by the caller's trap.
# shellcheck shell=bash

PG_DIR=""
PG_PORT=""

pg_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    paso "Instalando PostgreSQL (Debian)" >&2
    apt_instalar postgresql
    d="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$d"
}

pg_iniciar() {
  local bin
  bin="$(pg_bin)"
  PG_DIR="$(mktemp -d /tmp/sigexp-pg.XXXXXX)"
  PG_PORT="$(puerto_libre)"
  chown postgres:postgres "$PG_DIR" 2>/dev/null || true
  local correr=()
  if [ "$(id -u)" = 0 ]; then correr=(runuser -u postgres --); fi
  "${correr[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${correr[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off" start >/dev/null
  export SIGEXP_TEST_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT"
  echo "PostgreSQL de prueba en 127.0.0.1:$PG_PORT"
}

pg_detener() {
  [ -n "$PG_DIR" ] || return 0
  local bin correr=()
  bin="$(pg_bin)"
  if [ "$(id -u)" = 0 ]; then correr=(runuser -u postgres --); fi
  "${correr[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
