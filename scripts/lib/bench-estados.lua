-- wrk script for scripts/bench: counts answers by HTTP status (wrk itself only counts >= 400,
-- so a redirect to /login would pass unnoticed) and prints one line scripts/bench parses:
--   SIGEXP_RESULTADO <requests/s> <p50 µs> <p99 µs> <non-2xx> <socket errors> <requests> <p95 µs>
-- followed by one "SIGEXP_ESTADO <status> <count>" line per status seen.
--
-- With SIGEXP_BENCH_LISTA (a file of request paths, one per line) each request takes the next
-- path of its thread's share of the list (thread k uses lines k, k+T, k+2T…). SIGEXP_BENCH_METODO
-- and SIGEXP_BENCH_CUERPO give the method and body (default GET, none). A GET list is read round
-- and round (17 organismos serve a whole measurement). Any other method changes something, so
-- its list of distinct items is used at most once (a pase sent or received only once): a thread
-- that has used its whole share stops, its last requests a health check (wrapping round made a
-- fast thread send pases already sent, 409s that were the bench's, not the server's).

local hilos = {}

function setup(hilo)
  table.insert(hilos, hilo)
  hilo:set("id", #hilos)
  for _, h in ipairs(hilos) do h:set("nhilos", #hilos) end
end

function init(args)
  estados = {}
  local lista = os.getenv("SIGEXP_BENCH_LISTA")
  if lista then
    caminos = {}
    for linea in io.lines(lista) do
      if linea ~= "" then table.insert(caminos, linea) end
    end
    metodo = os.getenv("SIGEXP_BENCH_METODO") or "GET"
    una_vez = metodo ~= "GET"
    cuerpo = os.getenv("SIGEXP_BENCH_CUERPO")
    siguiente = 0
  end
end

function request()
  if not caminos then return wrk.request() end
  -- setup() hands these over between Lua states; the count arrived as a string once (the
  -- receive measurement stopped on arithmetic on a string), so read both as numbers.
  local i = siguiente * tonumber(nhilos) + tonumber(id)
  siguiente = siguiente + 1
  if i > #caminos and not una_vez then
    i = (i - 1) % #caminos + 1
  elseif i > #caminos then
    agotada = true
    return wrk.format("GET", "/api/v1/health")
  end
  return wrk.format(metodo, caminos[i], nil, cuerpo)
end

function response(status, headers, body)
  estados[status] = (estados[status] or 0) + 1
  if agotada then wrk.thread:stop() end
end

function done(resumen, latencia, pedidos)
  local total = {}
  for _, hilo in ipairs(hilos) do
    for estado, n in pairs(hilo:get("estados") or {}) do
      total[estado] = (total[estado] or 0) + n
    end
  end
  local no_2xx = 0
  for estado, n in pairs(total) do
    if estado < 200 or estado > 299 then no_2xx = no_2xx + n end
  end
  local e = resumen.errors
  local errores = e.connect + e.read + e.write + e.timeout
  local segundos = resumen.duration / 1e6
  io.write(string.format("SIGEXP_RESULTADO %.1f %d %d %d %d %d %d\n",
    resumen.requests / segundos, latencia:percentile(50), latencia:percentile(99),
    no_2xx, errores, resumen.requests, latencia:percentile(95)))
  for estado, n in pairs(total) do
    io.write(string.format("SIGEXP_ESTADO %d %d\n", estado, n))
  end
end
