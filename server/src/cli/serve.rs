//! `sigexp` / `sigexp serve`: serves the app until Ctrl-C or SIGTERM.

use crate::config::Config;
use app::estado::AppState;

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
    if let Some(clave) = config.clave_firma(true)? {
        super::checkpoint::sellar_periodicamente(&state, clave, config.checkpoint_minutes);
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

/// Serves on a bound listener until `fin` completes (tests pass their own).
pub async fn servir(
    listener: tokio::net::TcpListener,
    state: AppState,
    config: &Config,
    fin: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let router = crate::http::router(state, config);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(fin)
    .await
    .map_err(|e| format!("el servidor se detuvo: {e}"))
}

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
