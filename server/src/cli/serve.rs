//! `sigexp` / `sigexp serve`: serves the app until Ctrl-C or SIGTERM.

use crate::config::Config;
use app::estado::AppState;
use axum::http::Request;
use hyper::body::Incoming;
use std::time::Duration;

/// Serves the app until Ctrl-C or SIGTERM.
pub async fn ejecutar(config: Config) -> Result<(), String> {
    let state = crate::preparar(&config).await?;
    crate::administrador_inicial(&state, &config).await?;
    // Nothing is being received before we listen: whatever is there was cut by a stop.
    match state.almacenes.limpiar_temporales(0).await {
        Ok(0) => {}
        Ok(quitados) => tracing::info!(quitados, "removed uploads interrupted by a stop"),
        Err(e) => tracing::warn!(error = %e, "could not remove interrupted uploads"),
    }
    if config.demo {
        super::demo::cargar_demo(&state).await?;
    }
    if config.checkpoint_key.is_none() && config.checkpoint_key_file.is_none() {
        tracing::warn!(
            archivo = %config.archivo_clave().display(),
            "the checkpoint key is in the data directory, beside the database: whoever can \
             change one can change the other; set SIGEXP_CHECKPOINT_KEY or \
             SIGEXP_CHECKPOINT_KEY_FILE (docs/operations.md)"
        );
    }
    if let Some(clave) = config.clave_firma(true)? {
        super::checkpoint::sellar_periodicamente(
            &state,
            clave,
            config.checkpoint_minutes,
            config.bitacora(),
        );
    }
    mantener_importaciones(&state);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("no se pudo escuchar en {}: {e}", config.addr))?;
    tracing::info!(addr = %config.addr, public_url = %config.public_url(), "SIGEXP listo");
    println!("SIGEXP escuchando en {}", config.public_url());
    servir(listener, state, &config, senal_de_fin()).await
}

/// Every minute, on every server: ends imports whose server stopped and clears temporary
/// passwords nobody downloaded within the hour (the doors also check both when asked).
fn mantener_importaciones(state: &AppState) {
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut reloj = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            reloj.tick().await;
            match app::domain::cuentas::importacion::mantener(&db).await {
                Ok((0, 0)) => {}
                Ok((detenidas, borradas)) => tracing::info!(
                    detenidas,
                    borradas,
                    "imports of stopped servers ended, expired temporary passwords cleared"
                ),
                Err(e) => tracing::error!(error = %e, "could not maintain the import jobs"),
            }
        }
    });
}

/// Serves on a bound listener until `fin` completes (tests pass their own), then lets the
/// requests under way finish (at most [`ESPERA_AL_DETENER`]).
///
/// Each connection is HTTP/1.1 with a clock: a client has `header_timeout_seconds` to send a
/// request's line and headers, and a kept-alive connection idle that long is closed (hyper
/// starts the same timer while it waits for the next request), so slow or silent clients
/// cannot hold connections forever. (`axum::serve` gives hyper no timer, so neither applies.)
pub async fn servir(
    listener: tokio::net::TcpListener,
    state: AppState,
    config: &Config,
    fin: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::Service;

    let router = crate::http::router(state, config);
    let mut http1 = hyper::server::conn::http1::Builder::new();
    http1
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(config.header_timeout_seconds));
    let apagado = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(fin);
    loop {
        let (socket, direccion) = tokio::select! {
            aceptada = listener.accept() => match aceptada {
                Ok(a) => a,
                // Out of descriptors and the like: wait a moment instead of spinning.
                Err(e) => {
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut fin => break,
        };
        let _ = socket.set_nodelay(true);
        let router = router.clone();
        let servicio = hyper::service::service_fn(move |mut pedido: Request<Incoming>| {
            pedido
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(direccion));
            router.clone().call(pedido)
        });
        let conexion = apagado.watch(http1.serve_connection(TokioIo::new(socket), servicio));
        tokio::spawn(async move {
            if let Err(e) = conexion.await {
                tracing::debug!(error = %e, %direccion, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = apagado.shutdown() => Ok(()),
        () = tokio::time::sleep(ESPERA_AL_DETENER) => {
            tracing::warn!("stopped with requests still under way");
            Ok(())
        }
    }
}

/// How long a stop waits for the requests under way.
const ESPERA_AL_DETENER: Duration = Duration::from_secs(30);

async fn senal_de_fin() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
