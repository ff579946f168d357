//! A form posted without JavaScript that fails comes back to its page with the error in
//! the query (`?__path=…&__err=…`, leptos's redirect), and leptos's router shows it in
//! the page's matching form. Anyone can write such a link, putting their own text in a
//! real form's error box, so the server signs each pair it redirects with (`__sig`: the
//! time and an HMAC under the database's signing key), and a request whose pair is not
//! signed, or not fresh, reaches the page without it: only the error of the shopper's
//! own submission shows, never text from a link.

use std::sync::Arc;

use app::routes::{ACTION_ERROR_PARAMS, API_PREFIX};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Long enough for the redirect to be followed on a slow connection.
const FRESH_FOR_MS: i64 = 10 * 60 * 1000;

#[derive(Clone)]
pub struct ActionErrors {
    key: Arc<[u8]>,
}

impl ActionErrors {
    pub fn new(key: &[u8]) -> Self {
        ActionErrors { key: key.into() }
    }

    fn mac(&self, at: i64, path: &str, err: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        for part in [
            b"action-error".as_slice(),
            &at.to_be_bytes(),
            path.as_bytes(),
            &[0],
            err.as_bytes(),
        ] {
            mac.update(part);
        }
        mac
    }

    /// `__sig`'s value for a pair redirected with at `at` (Unix ms).
    fn signature(&self, at: i64, path: &str, err: &str) -> String {
        let tag = self.mac(at, path, err).finalize().into_bytes();
        format!("{at}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    fn verified(&self, now: i64, path: &str, err: &str, signature: &str) -> bool {
        let Some((at, tag)) = signature.split_once('.') else {
            return false;
        };
        let (Ok(at), Ok(tag)) = (at.parse::<i64>(), URL_SAFE_NO_PAD.decode(tag)) else {
            return false;
        };
        (0..FRESH_FOR_MS).contains(&(now - at)) && self.mac(at, path, err).verify_slice(&tag).is_ok()
    }

    /// The `Location` of a server function's redirect back to its form, with the
    /// signature of the error it carries added; `None` when it carries none.
    fn signed_location(&self, location: &str, now: i64) -> Option<String> {
        let (_, query) = location.split_once('?')?;
        let (path, err) = pair(query)?;
        let signature = self.signature(now, &path, &err);
        let sig_param = ACTION_ERROR_PARAMS[2];
        Some(format!("{location}&{sig_param}={signature}"))
    }
}

/// The query's `__path` and `__err`, when it has both.
fn pair(query: &str) -> Option<(String, String)> {
    let [path_param, err_param, _] = ACTION_ERROR_PARAMS;
    let (mut path, mut err) = (None, None);
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if k == path_param {
            path = Some(v.into_owned());
        } else if k == err_param {
            err = Some(v.into_owned());
        }
    }
    Some((path?, err?))
}

/// Signs the error a server function's redirect carries back to its form; takes an
/// error without a good signature out of any other request's query.
pub async fn guard(State(errors): State<ActionErrors>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with(API_PREFIX) {
        return next.run(errors.unsigned_taken_out(req, crate::mail::now_ms())).await;
    }
    let mut res = next.run(req).await;
    if !res.status().is_redirection() {
        return res;
    }
    let signed = res
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .and_then(|l| errors.signed_location(l, crate::mail::now_ms()))
        .and_then(|l| HeaderValue::from_str(&l).ok());
    if let Some(location) = signed {
        res.headers_mut().insert(header::LOCATION, location);
    }
    res
}

impl ActionErrors {
    /// The request as it came, when its query carries no form error or a signed, fresh
    /// one; else without `__path`, `__err` and `__sig`.
    fn unsigned_taken_out(&self, mut req: Request, now: i64) -> Request {
        let Some(query) = req.uri().query() else { return req };
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let carried = |name: &str| pairs.iter().any(|(k, _)| k == name);
        if !ACTION_ERROR_PARAMS.iter().any(|p| carried(p)) {
            return req;
        }
        let [path_param, err_param, sig_param] = ACTION_ERROR_PARAMS;
        let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        if let (Some(path), Some(err), Some(sig)) = (value(path_param), value(err_param), value(sig_param)) {
            if self.verified(now, path, err, sig) {
                return req;
            }
        }
        tracing::info!(path = req.uri().path(), "a form error without a good signature dropped");
        let kept = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().filter(|(k, _)| !ACTION_ERROR_PARAMS.contains(&k.as_str())))
            .finish();
        let uri = if kept.is_empty() {
            req.uri().path().to_string()
        } else {
            format!("{}?{kept}", req.uri().path())
        };
        if let Ok(uri) = uri.parse() {
            *req.uri_mut() = uri;
        }
        req
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fresh_pair_signed_with_the_key_passes() {
        let errors = ActionErrors::new(b"key");
        let now = 1_000_000_000;
        let sig = errors.signature(now, "/api/sign-in", "RXJy");
        assert!(errors.verified(now + 1000, "/api/sign-in", "RXJy", &sig));
        assert!(
            !errors.verified(now + 1000, "/api/sign-in", "T3RoZXI", &sig),
            "another error"
        );
        assert!(
            !errors.verified(now + 1000, "/api/register", "RXJy", &sig),
            "another form"
        );
        assert!(
            !errors.verified(now + FRESH_FOR_MS, "/api/sign-in", "RXJy", &sig),
            "stale"
        );
        assert!(
            !ActionErrors::new(b"other").verified(now, "/api/sign-in", "RXJy", &sig),
            "another key"
        );
        for bad in ["", "x", "1.", "1.%%%", "abc.def"] {
            assert!(!errors.verified(now, "/api/sign-in", "RXJy", bad), "{bad}");
        }
    }

    #[test]
    fn a_redirect_with_an_error_gets_its_signature_and_others_nothing() {
        let errors = ActionErrors::new(b"key");
        let location = "http://127.0.0.1:3000/account/sign-in?__path=%2Fapi%2Fsign-in&__err=RXJy";
        let signed = errors.signed_location(location, 5).unwrap();
        let query = signed.split_once('?').unwrap().1;
        let sig = form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "__sig")
            .unwrap()
            .1;
        assert!(errors.verified(6, "/api/sign-in", "RXJy", &sig));
        assert_eq!(errors.signed_location("/account?reset=1", 5), None);
        assert_eq!(errors.signed_location("/account", 5), None);
    }

    #[test]
    fn an_unsigned_error_is_taken_out_of_the_query_and_a_signed_one_kept() {
        let errors = ActionErrors::new(b"key");
        let get = |uri: &str| Request::get(uri).body(axum::body::Body::empty()).unwrap();
        let planted = errors.unsigned_taken_out(
            get("/account/sign-in?next=%2Fcart&__path=%2Fapi%2Fsign-in&__err=RXJy"),
            5,
        );
        assert_eq!(planted.uri(), "/account/sign-in?next=%2Fcart");
        let only = errors.unsigned_taken_out(get("/c/women?__err=x&__sig=1.AAAA"), 5);
        assert_eq!(only.uri(), "/c/women");
        let signed = format!(
            "/account/sign-in?__path=%2Fapi%2Fsign-in&__err=RXJy&__sig={}",
            errors.signature(5, "/api/sign-in", "RXJy")
        );
        assert_eq!(errors.unsigned_taken_out(get(&signed), 6).uri().to_string(), signed);
        let plain = errors.unsigned_taken_out(get("/c/women?color=red"), 5);
        assert_eq!(plain.uri(), "/c/women?color=red");
    }
}
