use clap::Parser;
use server::config::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    let config = Config::parse();
    let filtro = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filtro).init();
    if let Err(e) = server::run(config).await {
        eprintln!("sigexp: {e}");
        std::process::exit(1);
    }
}
