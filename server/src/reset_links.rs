//! Password reset links (`app::api::ResetLinks`) in the storefront's own database, for
//! any backend that can set a password. A token is 24 random bytes and an HMAC of them
//! under the database's signing key: a forged one is refused before any lookup. Only its
//! SHA-256 is stored, so the table does not hold working links.

use app::api::ResetLinks;
use app::model::CustomerId;
use app::store::STORE;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::on_either_pool;
use crate::Database;

/// How long a link works.
pub const VALID_FOR_MS: i64 = 60 * 60 * 1000;
/// Another link for the same customer is not sent sooner than this.
const AGAIN_AFTER_MS: i64 = 60 * 1000;
const SIGNATURE_BYTES: usize = 16;

#[derive(Clone)]
pub struct SqlResetLinks {
    database: Database,
    key: Vec<u8>,
}

fn now_ms() -> i64 {
    crate::mail::now_ms()
}

impl SqlResetLinks {
    /// `signing_key`: the database's cookie-signing key; links are signed under a key
    /// derived from it for this use alone.
    pub fn new(database: Database, signing_key: &[u8]) -> Self {
        let key = Sha256::new()
            .chain_update(b"password-reset\0")
            .chain_update(signing_key)
            .finalize()
            .to_vec();
        SqlResetLinks { database, key }
    }

    fn signature(&self, nonce: &str) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(STORE.id.as_bytes());
        mac.update(b"\0");
        mac.update(nonce.as_bytes());
        mac.finalize().into_bytes()[..SIGNATURE_BYTES].to_vec()
    }

    /// The stored form of a token this server signed; none for any other text.
    fn checked(&self, token: &str) -> Option<String> {
        let (nonce, signature) = token.split_once('.')?;
        let given = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).ok()?;
        mac.update(STORE.id.as_bytes());
        mac.update(b"\0");
        mac.update(nonce.as_bytes());
        mac.verify_truncated_left(&given).ok()?;
        (given.len() == SIGNATURE_BYTES).then(|| hex(&Sha256::digest(token.as_bytes())))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl SqlResetLinks {
    /// Deletes links used, or expired by `now` (Unix ms): they open nothing any more.
    pub async fn prune(&self, now: i64) -> Result<u64, sqlx::Error> {
        const PRUNE: &str = "DELETE FROM password_resets WHERE used_at IS NOT NULL OR expires_at <= $1";
        on_either_pool!(&self.database, pool => sqlx::query(PRUNE).bind(now).execute(pool).await.map(|r| r.rows_affected()))
    }
}

#[async_trait::async_trait]
impl ResetLinks for SqlResetLinks {
    async fn issue(&self, customer: &CustomerId) -> Result<Option<String>, String> {
        // Inserted, or moved on when the last is a minute old: otherwise no row comes back.
        const SEND: &str = "INSERT INTO password_reset_sent (store, customer, sent_at) VALUES ($1, $2, $3)
                            ON CONFLICT (store, customer) DO UPDATE SET sent_at = excluded.sent_at
                            WHERE password_reset_sent.sent_at <= $4
                            RETURNING sent_at";
        const ISSUE: &str = "INSERT INTO password_resets (token_hash, store, customer, created_at, expires_at)
                             VALUES ($1, $2, $3, $4, $5)";
        let now = now_ms();
        let sent: Option<i64> = on_either_pool!(&self.database, pool => sqlx::query_scalar(SEND)
            .bind(STORE.id).bind(customer.as_str()).bind(now).bind(now - AGAIN_AFTER_MS).fetch_optional(pool).await)
        .map_err(|e| e.to_string())?;
        if sent.is_none() {
            return Ok(None);
        }
        let mut nonce = [0u8; 24];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut nonce);
        let nonce = URL_SAFE_NO_PAD.encode(nonce);
        let token = format!("{nonce}.{}", URL_SAFE_NO_PAD.encode(self.signature(&nonce)));
        let hash = hex(&Sha256::digest(token.as_bytes()));
        on_either_pool!(&self.database, pool => sqlx::query(ISSUE)
            .bind(hash).bind(STORE.id).bind(customer.as_str()).bind(now).bind(now + VALID_FOR_MS).execute(pool).await.map(drop))
        .map_err(|e| e.to_string())?;
        Ok(Some(token))
    }

    async fn redeem(&self, token: &str) -> Result<Option<CustomerId>, String> {
        // One statement takes the link, so two uses at once cannot both succeed.
        const REDEEM: &str = "UPDATE password_resets SET used_at = $1
                              WHERE token_hash = $2 AND store = $3 AND used_at IS NULL AND expires_at > $1
                              RETURNING customer";
        const OTHERS: &str =
            "UPDATE password_resets SET used_at = $1 WHERE store = $2 AND customer = $3 AND used_at IS NULL";
        let Some(hash) = self.checked(token) else {
            return Ok(None);
        };
        let now = now_ms();
        let customer: Option<String> = on_either_pool!(&self.database, pool => sqlx::query_scalar(REDEEM)
            .bind(now).bind(hash).bind(STORE.id).fetch_optional(pool).await)
        .map_err(|e| e.to_string())?;
        let Some(customer) = customer else {
            return Ok(None);
        };
        on_either_pool!(&self.database, pool => sqlx::query(OTHERS)
            .bind(now).bind(STORE.id).bind(&customer).execute(pool).await.map(drop))
        .map_err(|e| e.to_string())?;
        Ok(Some(CustomerId::new(customer)))
    }

    async fn valid(&self, token: &str) -> Result<bool, String> {
        const VALID: &str = "SELECT COUNT(*) FROM password_resets
                             WHERE token_hash = $1 AND store = $2 AND used_at IS NULL AND expires_at > $3";
        let Some(hash) = self.checked(token) else {
            return Ok(false);
        };
        let found: i64 = on_either_pool!(&self.database, pool => sqlx::query_scalar(VALID)
            .bind(hash).bind(STORE.id).bind(now_ms()).fetch_one(pool).await)
        .map_err(|e| e.to_string())?;
        Ok(found > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(key: &[u8]) -> SqlResetLinks {
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .connect_lazy("sqlite::memory:")
            .unwrap();
        SqlResetLinks::new(Database::Sqlite(pool), key)
    }

    #[tokio::test]
    async fn only_tokens_signed_here_are_looked_up() {
        let ours = links(b"one key");
        let nonce = "bm9uY2Vub25jZW5vbmNlbm9uY2Vub25j";
        let token = format!("{nonce}.{}", URL_SAFE_NO_PAD.encode(ours.signature(nonce)));
        assert!(ours.checked(&token).is_some());
        assert!(
            links(b"another key").checked(&token).is_none(),
            "another database's key"
        );
        let mut tampered = token.clone();
        tampered.replace_range(0..1, "X");
        assert!(
            ours.checked(&tampered).is_none(),
            "another nonce under the same signature"
        );
        for forged in [
            "",
            ".",
            "abc",
            "abc.",
            ".abc",
            "a.b.c",
            &format!("{nonce}.AAAAAAAAAAAAAAAAAAAAAA"),
        ] {
            assert!(ours.checked(forged).is_none(), "{forged}");
        }
    }
}
