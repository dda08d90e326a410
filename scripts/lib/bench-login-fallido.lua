-- wrk script for scripts/bench's login flood: every request is a wrong login for a different,
-- made-up e-mail (so the per-e-mail limit of 10 failures never kicks in and every attempt
-- costs one argon2 verification). Prints "SIGEXP_ESTADO <status> <count>" lines and
--   SIGEXP_INTENTOS <attempts/s> <p50 µs> <p99 µs> <socket errors> <requests>

local hilos = {}
local numero_de_hilo = 0

function setup(hilo)
  numero_de_hilo = numero_de_hilo + 1
  hilo:set("numero", numero_de_hilo)
  table.insert(hilos, hilo)
end

function init(args)
  estados = {}
  contador = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  contador = contador + 1
  local cuerpo = string.format(
    '{"email":"inundacion-%d-%d@bench.sigexp.local","password":"no es la contraseña %d"}',
    numero, contador, contador)
  return wrk.format(nil, nil, nil, cuerpo)
end

function response(status, headers, body)
  estados[status] = (estados[status] or 0) + 1
end

function done(resumen, latencia, pedidos)
  local total = {}
  for _, hilo in ipairs(hilos) do
    for estado, n in pairs(hilo:get("estados") or {}) do
      total[estado] = (total[estado] or 0) + n
    end
  end
  for estado, n in pairs(total) do
    io.write(string.format("SIGEXP_ESTADO %d %d\n", estado, n))
  end
  local e = resumen.errors
  io.write(string.format("SIGEXP_INTENTOS %.1f %d %d %d %d\n",
    resumen.requests / (resumen.duration / 1e6), latencia:percentile(50),
    latencia:percentile(99), e.connect + e.read + e.write + e.timeout, resumen.requests))
end
