//! Step 8: the registry of the entes counts pases by when they were sent and resolved, and
//! archives by when they happened, over a period: indexes that make each count a range.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDICES: [(&str, &str, &[&str]); 3] = [
    ("ix_pase_enviado_en", "pase", &["enviado_en"]),
    ("ix_pase_resuelto_en", "pase", &["resuelto_en"]),
    ("ix_evento_tipo_en", "evento", &["tipo", "en"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (nombre, tabla, columnas) in INDICES {
            let mut idx = Index::create()
                .name(nombre)
                .table(Alias::new(tabla))
                .to_owned();
            for c in columnas {
                idx.col(Alias::new(*c));
            }
            m.create_index(idx).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (nombre, tabla, _) in INDICES {
            m.drop_index(
                Index::drop()
                    .name(nombre)
                    .table(Alias::new(tabla))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
