/// The HTTP status of the page being rendered on the server. Pages render with
/// `SsrMode::Async`, so the status is still open when their data has arrived.
#[derive(Clone)]
pub struct HttpStatus {
    #[cfg(feature = "ssr")]
    response: Option<leptos_axum::ResponseOptions>,
}

impl HttpStatus {
    /// Call in the component body, where the request's context is in reach.
    pub fn from_context() -> Self {
        HttpStatus {
            #[cfg(feature = "ssr")]
            response: leptos::prelude::use_context(),
        }
    }

    /// A 503 already set (the backend was unavailable for this page's data) stays: it
    /// tells the shopper and any proxy that trying again may work, which a 500 does not.
    pub fn set(&self, code: u16) {
        #[cfg(feature = "ssr")]
        if let (Some(res), Ok(status)) = (&self.response, http::StatusCode::from_u16(code)) {
            let unavailable = res.0.read().is_ok_and(|p| p.status == Some(http::StatusCode::SERVICE_UNAVAILABLE));
            if !(unavailable && status == http::StatusCode::INTERNAL_SERVER_ERROR) {
                res.set_status(status);
            }
        }
        #[cfg(not(feature = "ssr"))]
        let _ = code;
    }
}
