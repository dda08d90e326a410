use clap::Parser;
use clap::error::ErrorKind;
use server::config::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    let config = match Config::try_parse() {
        Ok(c) => c,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        Err(e) => {
            // One clear line instead of clap's paragraph.
            let texto = e.to_string();
            let linea = texto.lines().next().unwrap_or_default();
            eprintln!("sigexp: {}", linea.trim_start_matches("error: "));
            std::process::exit(2);
        }
    };
    let filtro = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filtro).init();
    let resultado = match config.comando {
        Some(server::config::Comando::Verify) => server::verificar(&config).await.map(|ok| {
            if !ok {
                std::process::exit(1);
            }
        }),
        Some(server::config::Comando::VerifyFiles { repair }) => {
            server::verificar_archivos(&config, repair).await.map(|ok| {
                if !ok {
                    std::process::exit(1);
                }
            })
        }
        Some(server::config::Comando::VerifyConstancias) => {
            server::verificar_constancias(&config).await.map(|ok| {
                if !ok {
                    std::process::exit(1);
                }
            })
        }
        Some(server::config::Comando::Checkpoint) => server::sellar(&config).await,
        Some(server::config::Comando::Backup { ref destino }) => {
            server::respaldar(&config, destino).await
        }
        Some(server::config::Comando::Generar {
            expedientes,
            semilla,
        }) => server::generar(&config, expedientes, semilla).await,
        Some(server::config::Comando::Serve) | None => server::run(config).await,
    };
    if let Err(e) = resultado {
        eprintln!("sigexp: {e}");
        std::process::exit(1);
    }
}
