#!/usr/bin/env python3
"""Mixed load for scripts/bench (issue #14): simulated users working at once on a running SIGEXP.

Every simulated user has its own account and session and works as its profile would:
- a clerk (MESA DE ENTRADA at a mesa, OFICINA at an oficina) logs in, then loops over a trámite:
  opens the bandeja, receives the next pase addressed to its unidad, opens that expediente's page,
  sometimes annotates it and attaches a PDF, and sends it on to another unidad; between trámites
  it searches by two words and looks an expediente of its organismo up by number;
- a reader (AUTORIDAD, CONSULTA) logs in, then searches, looks up by number and opens pages.

Each user waits a think time (exponential, mean --pausa-ms, at most five times it) after every
request. Users start one after another over --rampa seconds, then all work for --duracion
seconds; every request from the first login to the end is measured. Items that change state
(pases to receive) are split between the users of a unidad so no two users race for one: a 409
here would be the benchmark's, not the server's. Every answer other than the expected 2xx is an
error; the script prints a Markdown table (per action: requests, p50, p95, p99, max, errors)
and exits 1 when there was any error.

Only the Python standard library: the database is read with sqlite3 (read-only, the server keeps
running) and HTTP/1.1 keep-alive goes through http.client, one connection per user.
"""

import argparse
import http.client
import json
import os
import random
import sqlite3
import sys
import threading
import time
import urllib.parse

ASUNTOS = ["licencia", "licitacion", "habilitacion", "jubilacion", "subsidio", "convenio",
           "reclamo", "vivienda", "sumario", "recurso"]
OTRAS = ["calafate", "gallegos", "caleta", "deseado", "gonzalez", "perez", "gomez", "munoz",
         "turbio", "heras"]
ACCIONES = ["login", "bandeja", "recibir un pase", "página del expediente", "anotar",
            "adjuntar un PDF", "enviar un pase", "búsqueda", "expediente por número"]


def pdf(paginas, relleno):
    """A minimal PDF of `paginas` pages, padded with a comment to about `relleno` bytes."""
    partes = ["%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
              f"2 0 obj << /Type /Pages /Count {paginas} /Kids [] >> endobj\n"]
    partes += [f"{i + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj\n" for i in range(paginas)]
    cuerpo = "".join(partes)
    linea = "% " + "escaneo del banco de pruebas " * 2 + "\n"
    cuerpo += linea * max(0, (relleno - len(cuerpo)) // len(linea))
    return (cuerpo + "%%EOF\n").encode()


class Servidor:
    """Requests of one user: its own keep-alive connection and session cookie."""

    def __init__(self, host, puerto, registro):
        self.host, self.puerto, self.registro = host, puerto, registro
        self.conexion = None
        self.cookie = None

    def pedir(self, accion, metodo, camino, cuerpo=None, tipo=None, esperado=(200,)):
        """One measured request; answers (status, body) or (None, None) on a socket error."""
        cabeceras = {}
        if self.cookie:
            cabeceras["Cookie"] = self.cookie
        if tipo:
            cabeceras["Content-Type"] = tipo
        inicio = time.perf_counter()
        try:
            if self.conexion is None:
                self.conexion = http.client.HTTPConnection(self.host, self.puerto, timeout=30)
            self.conexion.request(metodo, camino, body=cuerpo, headers=cabeceras)
            respuesta = self.conexion.getresponse()
            datos = respuesta.read()
            estado = respuesta.status
            cookie = respuesta.getheader("Set-Cookie")
        except (OSError, http.client.HTTPException) as e:
            self.registro.anotar(accion, time.perf_counter() - inicio, f"{type(e).__name__}: {e}",
                                 camino)
            if self.conexion is not None:
                self.conexion.close()
            self.conexion = None
            return None, None
        segundos = time.perf_counter() - inicio
        if cookie and cookie.startswith("sigexp_sesion="):
            self.cookie = cookie.split(";", 1)[0]
        error = None if estado in esperado else f"HTTP {estado}: {datos[:200]!r}"
        self.registro.anotar(accion, segundos, error, camino)
        return estado, datos


class Registro:
    """Latencies and errors per action, shared by every user."""

    def __init__(self):
        self.cerrojo = threading.Lock()
        self.latencias = {a: [] for a in ACCIONES}
        self.errores = {a: 0 for a in ACCIONES}
        self.ejemplos = []

    def anotar(self, accion, segundos, error, camino):
        with self.cerrojo:
            self.latencias[accion].append(segundos)
            if error:
                self.errores[accion] += 1
                if len(self.ejemplos) < 10:
                    self.ejemplos.append(f"{accion} {camino}: {error}")


def percentil(ordenadas, p):
    if not ordenadas:
        return 0.0
    return ordenadas[min(len(ordenadas) - 1, int(p / 100 * len(ordenadas)))]


def leer_provincia(bd, semilla):
    """The unidades, the pases awaiting each one and a sample of expedientes, from the file."""
    con = sqlite3.connect(f"file:{bd}?mode=ro", uri=True)
    unidades = {fila[0]: {"id": fila[0], "tipo": fila[1], "organismo_id": fila[2]}
                for fila in con.execute("SELECT id, tipo, organismo_id FROM unidad WHERE activo")}
    pendientes = {}
    for pase, expediente, destino in con.execute(
            "SELECT p.id, p.expediente_id, p.destino_unidad_id FROM pase p "
            "WHERE p.estado = 'PENDIENTE' ORDER BY p.id"):
        if destino in unidades:
            pendientes.setdefault(destino, []).append((pase, expediente))
    # Expedientes at random (ids are dense: the generator gives them in order).
    maximo = con.execute("SELECT MAX(id) FROM expediente").fetchone()[0] or 0
    azar = random.Random(semilla)
    ids = sorted({azar.randint(1, maximo) for _ in range(min(maximo, 5000))})
    muestra = []
    for i in range(0, len(ids), 500):
        parte = ids[i:i + 500]
        muestra += con.execute(
            f"SELECT id, numero, organismo_id FROM expediente WHERE id IN ({','.join('?' * len(parte))})",
            parte).fetchall()
    con.close()
    return unidades, pendientes, muestra


def crear_usuarios(base, cookie_admin, unidades, pendientes, cantidad, lectores, password, azar,
                   prefijo):
    """Creates the accounts through the API as the administrator; answers the users' plans."""
    # Clerks go to unidades in proportion to the pases awaiting each (the busy mesa gets the most).
    con_trabajo = [u for u in unidades if pendientes.get(u)]
    pesos = [len(pendientes[u]) for u in con_trabajo]
    usuarios = []
    for i in range(cantidad):
        if i < cantidad - lectores:
            unidad = azar.choices(con_trabajo, weights=pesos)[0]
            perfil = "MESA_DE_ENTRADA" if unidades[unidad]["tipo"] == "MESA_DE_ENTRADA" else "OFICINA"
        elif i % 2 == 0:
            unidad, perfil = None, "AUTORIDAD"
        else:
            unidad, perfil = azar.choice(list(unidades)), "CONSULTA"
        usuarios.append({"email": f"{prefijo}{i}@bench.local", "perfil": perfil, "unidad_id": unidad})
    host, puerto = base
    conexion = http.client.HTTPConnection(host, puerto, timeout=60)
    for u in usuarios:
        cuerpo = json.dumps({"email": u["email"], "nombre": "Carga", "apellido": u["perfil"].title(),
                             "perfil": u["perfil"], "unidad_id": u["unidad_id"], "password": password})
        conexion.request("POST", "/api/v1/usuarios", body=cuerpo,
                         headers={"Cookie": cookie_admin, "Content-Type": "application/json"})
        respuesta = conexion.getresponse()
        datos = respuesta.read()
        if respuesta.status != 201:
            sys.exit(f"No se pudo crear {u['email']}: HTTP {respuesta.status} {datos[:200]!r}")
    conexion.close()
    # The pases awaiting a unidad, split between its clerks (each pase has one owner).
    por_unidad = {}
    for u in usuarios:
        if u["perfil"] in ("MESA_DE_ENTRADA", "OFICINA"):
            por_unidad.setdefault(u["unidad_id"], []).append(u)
    for unidad, suyos in por_unidad.items():
        lista = pendientes[unidad][:]
        azar.shuffle(lista)
        for k, u in enumerate(suyos):
            u["pases"] = lista[k::len(suyos)]
    return usuarios


def simular(usuario, password, base, unidades, muestra, fin, inicio, pausa, registro, semilla, documento):
    azar = random.Random(semilla)
    servidor = Servidor(base[0], base[1], registro)

    def pensar():
        time.sleep(min(azar.expovariate(1 / pausa), 5 * pausa))

    time.sleep(max(0.0, inicio - time.monotonic()))
    estado, _ = servidor.pedir("login", "POST", "/api/v1/auth/login",
                               json.dumps({"email": usuario["email"], "password": password}),
                               "application/json")
    if estado != 200 or not servidor.cookie:
        return
    pensar()
    perfil = usuario["perfil"]
    propia = unidades[usuario["unidad_id"]]["organismo_id"] if usuario["unidad_id"] else None
    # A non-AUTORIDAD user sees at least what its own organismo started.
    numeros = [(i, n) for i, n, o in muestra if perfil == "AUTORIDAD" or o == propia]
    destinos = [u for u in unidades if u != usuario["unidad_id"]]
    pases = usuario.get("pases", [])

    def buscar():
        q = f"{azar.choice(ASUNTOS)} {azar.choice(OTRAS)}"
        servidor.pedir("búsqueda", "GET", "/api/v1/expedientes?" + urllib.parse.urlencode({"q": q}))
        pensar()

    def consultar():
        ident, numero = azar.choice(numeros)
        servidor.pedir("expediente por número", "GET",
                       "/api/v1/expedientes/por-numero/" + urllib.parse.quote(numero, safe=""))
        pensar()
        return ident

    def pagina(ident):
        servidor.pedir("página del expediente", "GET", f"/expedientes/{ident}")
        pensar()

    while time.monotonic() < fin:
        if perfil in ("AUTORIDAD", "CONSULTA"):
            buscar()
            if time.monotonic() < fin:
                pagina(consultar())
            continue
        servidor.pedir("bandeja", "GET", "/api/v1/bandeja")
        pensar()
        if pases and time.monotonic() < fin:
            pase, expediente = pases.pop()
            estado, _ = servidor.pedir("recibir un pase", "POST", f"/api/v1/pases/{pase}/recibir")
            pensar()
            if estado == 200:
                pagina(expediente)
                if azar.random() < 0.5:
                    texto = "Se revisó la documentación y se pide informe a la oficina técnica."
                    servidor.pedir("anotar", "POST", f"/api/v1/expedientes/{expediente}/anotaciones",
                                   json.dumps({"texto": texto}), "application/json", (201,))
                    pensar()
                if azar.random() < 0.3:
                    limite = "sigexp-banco-de-pruebas"
                    cuerpo = (f"--{limite}\r\nContent-Disposition: form-data; name=\"archivo\"; "
                              f"filename=\"informe.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode() \
                        + documento + f"\r\n--{limite}--\r\n".encode()
                    servidor.pedir("adjuntar un PDF", "POST", f"/api/v1/expedientes/{expediente}/archivos",
                                   cuerpo, f"multipart/form-data; boundary={limite}", (201,))
                    pensar()
                servidor.pedir("enviar un pase", "POST", f"/api/v1/expedientes/{expediente}/pases",
                               json.dumps({"destino_unidad_id": azar.choice(destinos),
                                           "motivo": "Para su intervención"}),
                               "application/json", (201,))
                pensar()
        if time.monotonic() < fin:
            buscar()
        if time.monotonic() < fin and azar.random() < 0.5:
            pagina(consultar())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--puerto", type=int, required=True)
    p.add_argument("--bd", required=True, help="the server's SQLite file (read-only)")
    p.add_argument("--cookie-admin", required=True, help="an administrator's session cookie")
    p.add_argument("--password", required=True, help="password for the accounts created")
    p.add_argument("--usuarios", type=int, default=200)
    p.add_argument("--lectores", type=int, default=40, help="of them AUTORIDAD and CONSULTA")
    p.add_argument("--duracion", type=float, default=60)
    p.add_argument("--rampa", type=float, default=10)
    p.add_argument("--pausa-ms", type=float, default=1000)
    p.add_argument("--semilla", type=int, default=1)
    p.add_argument("--prefijo", default="carga", help="of the accounts' e-mails (another run on "
                   "the same database needs another)")
    a = p.parse_args()

    azar = random.Random(a.semilla)
    base = ("127.0.0.1", a.puerto)
    unidades, pendientes, muestra = leer_provincia(a.bd, a.semilla)
    usuarios = crear_usuarios(base, a.cookie_admin, unidades, pendientes, a.usuarios, a.lectores,
                              a.password, azar, a.prefijo)
    registro = Registro()
    documento = pdf(3, 100_000)
    ahora = time.monotonic()
    fin = ahora + a.rampa + a.duracion
    hilos = []
    for i, u in enumerate(usuarios):
        inicio = ahora + a.rampa * i / len(usuarios)
        h = threading.Thread(target=simular, daemon=True,
                             args=(u, a.password, base, unidades, muestra, fin, inicio,
                                   a.pausa_ms / 1000, registro, a.semilla * 1000 + i, documento))
        h.start()
        hilos.append(h)
    for h in hilos:
        h.join(timeout=a.rampa + a.duracion + 120)
    transcurrido = time.monotonic() - ahora
    cpu = os.times()

    def fila(nombre, lat, errores):
        lat = sorted(lat)
        ms = lambda s: f"{s * 1000:.1f} ms"
        return (f"| {nombre} | {len(lat)} | {ms(percentil(lat, 50))} | {ms(percentil(lat, 95))} | "
                f"{ms(percentil(lat, 99))} | {ms(lat[-1] if lat else 0)} | {errores} |")

    perfiles = {}
    for u in usuarios:
        perfiles[u["perfil"]] = perfiles.get(u["perfil"], 0) + 1
    todas = [s for a_ in ACCIONES for s in registro.latencias[a_]]
    errores = sum(registro.errores.values())
    print(f"SIGEXP_MIXTA_USUARIOS {', '.join(f'{n} {p}' for p, n in sorted(perfiles.items()))}")
    print(f"SIGEXP_MIXTA_TOTAL {len(todas)} {len(todas) / transcurrido:.1f} "
          f"{percentil(sorted(todas), 99) * 1000:.1f} {errores} "
          f"{100 * (cpu.user + cpu.system) / transcurrido:.0f}")
    print("| acción | pedidos | p50 | p95 | p99 | máximo | errores |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for accion in ACCIONES:
        print(fila(accion, registro.latencias[accion], registro.errores[accion]))
    print(fila("**todas**", todas, errores))
    for ejemplo in registro.ejemplos:
        print(f"SIGEXP_MIXTA_ERROR {ejemplo}", file=sys.stderr)
    sys.exit(1 if errores else 0)


if __name__ == "__main__":
    main()
