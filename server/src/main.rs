use clap::Parser;
use clap::error::ErrorKind;
use server::config::Config;
use tracing_subscriber::EnvFilter;

// mimalloc instead of glibc's malloc: a page render allocates and frees many small strings
// across threads, where glibc's arenas spent a fifth of the CPU (docs/benchmarks.md).
#[global_allocator]
static ASIGNADOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // A verification that finds a problem exits 1, as does any error.
    let salida = |ok: bool| {
        if !ok {
            std::process::exit(1);
        }
    };
    use server::cli;
    use server::config::Comando;
    let resultado = match config.comando {
        Some(Comando::Verify) => cli::verify::ejecutar(&config).await.map(salida),
        Some(Comando::VerifyFiles { repair }) => cli::verify_files::ejecutar(&config, repair)
            .await
            .map(salida),
        Some(Comando::VerifyConstancias) => {
            cli::verify_constancias::ejecutar(&config).await.map(salida)
        }
        Some(Comando::Checkpoint) => cli::checkpoint::ejecutar(&config).await,
        Some(Comando::Backup { ref destino }) => cli::backup::ejecutar(&config, destino).await,
        Some(Comando::Generar {
            expedientes,
            semilla,
        }) => cli::generar::ejecutar(&config, expedientes, semilla).await,
        Some(Comando::Serve) | None => cli::serve::ejecutar(config).await,
    };
    if let Err(e) = resultado {
        eprintln!("sigexp: {e}");
        std::process::exit(1);
    }
}
