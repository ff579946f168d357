//! The page a request gets when a layer refuses it or fails before the app renders
//! anything (a cross-site form, a body too large, too many tries, a timeout, a panic):
//! a plain document in the store's language with the status, what happened and a way
//! home. Nothing about the cause is shown; the layer logs it.

use app::i18n::t;
use app::store::STORE;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::seo::escape;

/// A refusal as the asker reads it: the app's fetch of a server function gets the
/// message as a server-function error (an island shows it in place), a browser the page.
pub fn refusal(path: &str, headers: &HeaderMap, status: StatusCode, message: &str) -> Response {
    let browser = headers
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if path.starts_with(app::routes::API_PREFIX) && !browser {
        let mut res = (status, format!("ServerError|{message}")).into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    error_page(status, message)
}

pub fn error_page(status: StatusCode, message: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title} · {store}</title></head>\
         <body><main data-testid=\"error-page\" data-status=\"{code}\"><p>{code}</p><h1>{title}</h1>\
         <p>{message}</p><p><a href=\"/\">{home}</a></p></main></body></html>",
        lang = STORE.locale,
        title = escape(if status.is_server_error() {
            t::error_title()
        } else {
            t::bad_request_title()
        }),
        store = escape(STORE.name),
        code = status.as_u16(),
        message = escape(message),
        home = escape(t::go_home()),
    );
    let mut res = (status, html).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_page_names_its_status_and_escapes_the_message() {
        let res = error_page(StatusCode::FORBIDDEN, "<script>x</script>");
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let body = axum::body::to_bytes(res.into_body(), 1 << 16).await.unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("data-status=\"403\""));
        assert!(body.contains("&lt;script&gt;") && !body.contains("<script>"));
    }
}
