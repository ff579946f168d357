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

    pub fn set(&self, code: u16) {
        #[cfg(feature = "ssr")]
        if let (Some(res), Ok(status)) = (&self.response, http::StatusCode::from_u16(code)) {
            res.set_status(status);
        }
        #[cfg(not(feature = "ssr"))]
        let _ = code;
    }
}
