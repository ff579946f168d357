use tracing_subscriber::{fmt, EnvFilter};

/// Logs to stderr, filtered by `RUST_LOG` (default: info for our crates, warn for the rest).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,server=info,app=info,tower_http=warn"));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}

/// Query parameters that carry a credential (a password reset link's `token`): never
/// written to a log, at any level.
const SECRET_PARAMS: &[&str] = &["token"];

/// Each request's span, as tower-http's but with credentials in its URI redacted.
pub fn request_span<B>(req: &axum::http::Request<B>) -> tracing::Span {
    tracing::debug_span!(
        "request",
        method = %req.method(),
        uri = %redacted(req.uri()),
        version = ?req.version(),
    )
}

/// The URI with the value of every credential parameter replaced.
fn redacted(uri: &axum::http::Uri) -> String {
    let Some(query) = uri.query() else {
        return uri.to_string();
    };
    if !form_urlencoded::parse(query.as_bytes()).any(|(k, _)| SECRET_PARAMS.contains(&k.as_ref())) {
        return uri.to_string();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form_urlencoded::parse(query.as_bytes()).map(|(k, v)| {
            let v = if SECRET_PARAMS.contains(&k.as_ref()) {
                "[redacted]".into()
            } else {
                v
            };
            (k, v)
        }))
        .finish();
    format!("{}?{query}", uri.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_token_never_reaches_the_log() {
        let uri: axum::http::Uri = "/account/reset?token=abc.def&next=%2Fcart".parse().unwrap();
        assert_eq!(redacted(&uri), "/account/reset?token=%5Bredacted%5D&next=%2Fcart");
        let plain: axum::http::Uri = "/c/women?color=red".parse().unwrap();
        assert_eq!(redacted(&plain), "/c/women?color=red");
    }
}
