//! `sigexp backup --destino FILE`: a consistent copy of the database while the app runs.

use crate::config::Config;
use crate::preparar;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

/// `sigexp backup --destino FILE`: a consistent copy of the database, taken while the app runs.
pub async fn ejecutar(config: &Config, destino: &std::path::Path) -> Result<(), String> {
    let state = preparar(config).await?;
    respaldar_base(&state.db, &config.database_url(), destino).await?;
    println!("Copia de la base escrita en {}.", destino.display());
    Ok(())
}

/// Writes the copy: SQLite's `VACUUM INTO` (one read transaction, so writers go on and the
/// copy is one moment of the database), or `pg_dump --format=custom` (a snapshot too).
pub async fn respaldar_base(
    db: &DatabaseConnection,
    url: &str,
    destino: &std::path::Path,
) -> Result<(), String> {
    if destino.exists() {
        return Err(format!(
            "{} ya existe: elegí otro archivo",
            destino.display()
        ));
    }
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "VACUUM INTO ?",
            [destino.display().to_string().into()],
        ))
        .await
        .map_err(|e| format!("no se pudo copiar la base: {e}"))?;
        return Ok(());
    }
    let (url_sin_clave, clave) = separar_clave(url)?;
    let mut orden = tokio::process::Command::new("pg_dump");
    orden
        .arg("--format=custom")
        .arg("--file")
        .arg(destino)
        .arg("--dbname")
        .arg(url_sin_clave);
    // The password travels in pg_dump's environment, which other users of the machine cannot
    // read, never in its arguments, which every process list shows.
    if let Some(clave) = clave {
        orden.env("PGPASSWORD", clave);
    }
    let salida = orden
        .output()
        .await
        .map_err(|e| format!("no se pudo ejecutar pg_dump (¿está instalado?): {e}"))?;
    if !salida.status.success() {
        return Err(format!(
            "pg_dump falló: {}",
            String::from_utf8_lossy(&salida.stderr).trim()
        ));
    }
    Ok(())
}

/// Splits a PostgreSQL URL into the URL without its password (in the user part or as a
/// `password` parameter) and that password, decoded.
fn separar_clave(url: &str) -> Result<(String, Option<String>), String> {
    let mut u = url::Url::parse(url)
        .map_err(|e| format!("la dirección de la base no es una URL válida: {e}"))?;
    let mut clave = u.password().map(|c| {
        percent_encoding::percent_decode_str(c)
            .decode_utf8_lossy()
            .into_owned()
    });
    u.set_password(None)
        .map_err(|()| "la dirección de la base no admite usuario y clave".to_owned())?;
    if u.query_pairs().any(|(k, _)| k == "password") {
        let resto: Vec<(String, String)> = u
            .query_pairs()
            .filter_map(|(k, v)| {
                if k == "password" {
                    clave = Some(v.into_owned());
                    None
                } else {
                    Some((k.into_owned(), v.into_owned()))
                }
            })
            .collect();
        if resto.is_empty() {
            u.set_query(None);
        } else {
            u.query_pairs_mut().clear().extend_pairs(resto);
        }
    }
    Ok((u.to_string(), clave))
}

#[cfg(test)]
mod tests {
    use super::separar_clave;

    #[test]
    fn la_clave_sale_de_la_url_en_el_usuario_o_como_parametro() {
        let (url, clave) =
            separar_clave("postgres://sigexp:s%40cr%20eta@db:5432/sigexp").expect("a URL");
        assert_eq!(url, "postgres://sigexp@db:5432/sigexp");
        assert_eq!(clave.as_deref(), Some("s@cr eta"));

        let (url, clave) =
            separar_clave("postgres://db/sigexp?sslmode=require&password=otra&user=x")
                .expect("a URL");
        assert_eq!(url, "postgres://db/sigexp?sslmode=require&user=x");
        assert_eq!(clave.as_deref(), Some("otra"));

        let (url, clave) = separar_clave("postgres://postgres@127.0.0.1:5432").expect("a URL");
        assert_eq!(url, "postgres://postgres@127.0.0.1:5432");
        assert_eq!(clave, None);
    }
}
