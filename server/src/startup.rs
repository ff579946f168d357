//! Builds the Axum router: the Leptos pages and server functions, media, health and
//! the static site, with compression, caching and request tracing around them.

use std::sync::{Arc, OnceLock};

use app::api::{CartCookie, CommerceHandle};
use app::commerce::Commerce;
use app::model::FacetNames;
use app::{shell, App};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::action_error::{self, ActionErrors};
use crate::database::Database;
use crate::db::SqliteCommerce;
use crate::error::StartupError;
use crate::limits::TrustedProxies;
use crate::mail::MailSettings;
use crate::page_cache::{self, PageCache};
use crate::security_headers::{self, PagePolicy};
use crate::{caching, limits, media, seo};

/// Every route's service is cloned for each request it answers, page-cache hits too, so
/// what it holds is cheap to clone: `LeptosOptions` behind an `Arc` (its clone and drop
/// were 4 % of a hit's CPU, and the page cache's state 2 %).
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    #[from_ref(skip)]
    pub leptos: Arc<LeptosOptions>,
    pub database: Database,
    pub commerce: Arc<dyn Commerce>,
    pub photos: crate::photos::PhotoCache,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        (*state.leptos).clone()
    }
}

/// What the router is built with besides its database.
pub struct RouterSettings {
    pub mail: MailSettings,
    /// The proxies whose forwarded client address the limits believe.
    pub proxies: TrustedProxies,
}

impl RouterSettings {
    /// `SMTP_URL`, `MAIL_FROM` and `TRUSTED_PROXIES`.
    pub fn from_env() -> Result<Self, StartupError> {
        Ok(RouterSettings {
            mail: MailSettings::from_env()?,
            proxies: TrustedProxies::from_env()?,
        })
    }

    /// Mail as `mail` says, directly in front of the clients.
    pub fn with_mail(mail: MailSettings) -> Self {
        RouterSettings {
            mail,
            proxies: TrustedProxies::default(),
        }
    }
}

/// The router, configured by the environment.
pub async fn router(leptos: LeptosOptions, database: impl Into<Database>) -> Result<Router, StartupError> {
    router_with(leptos, database, RouterSettings::from_env()?).await
}

/// The router as `settings` say; its outbox worker starts with it.
pub async fn router_with(
    leptos: LeptosOptions,
    database: impl Into<Database>,
    settings: RouterSettings,
) -> Result<Router, StartupError> {
    let RouterSettings { mail, proxies } = settings;
    let database = database.into();
    let sql_outbox = crate::mail::SqlOutbox::new(database.clone());
    crate::mail::start(sql_outbox.clone(), crate::mail::Transport::open(&mail.delivery)?, mail);
    let outbox: Arc<dyn app::emails::Outbox> = Arc::new(sql_outbox.clone());
    // The storefront's own database (sessions, checkout keys): on a SQLite file, our SQL
    // backend over it, whose writing connection sessions share.
    let local = database.sqlite().map(|pool| SqliteCommerce::new(pool.clone()));
    let backend = Arc::new(crate::backend::open(&database, local.as_ref())?);
    let commerce = backend.commerce();
    if let Ok(scope) = app::store::STORE.scope() {
        backend.warm(scope);
    }
    let key = crate::session::signing_key(&database).await?;
    let action_errors = ActionErrors::new(key.signing());
    let sql_reset_links = crate::reset_links::SqlResetLinks::new(database.clone(), key.master());
    let reset_links: Arc<dyn app::api::ResetLinks> = Arc::new(sql_reset_links.clone());
    let cart_cookie = CartCookie::new(key.clone());
    let session_store = crate::session::Sessions::open(&database, local.as_ref()).await?;
    let sessions = crate::session::layer(session_store.clone(), key.clone());
    let handle = CommerceHandle::new(commerce.clone()).map_err(|e| StartupError::Store(e.to_string()))?;
    // The names a catalog URL may carry; read once, so the backend must answer at start.
    let facets = FacetNames::new(
        commerce
            .facet_names(&handle.scope)
            .await
            .map_err(|e| StartupError::Store(format!("the backend's facets: {e}")))?,
    );
    // Keyed by the backend's catalog version: an order that takes stock moves it.
    let pages = PageCache::new(
        commerce.clone(),
        (*handle.scope).clone(),
        facets.clone(),
        session_store,
        key,
    );
    let capabilities = commerce.capabilities();
    let context = Arc::new(move || {
        provide_context(handle.clone());
        provide_context(capabilities);
        provide_context(facets.clone());
        provide_context(cart_cookie.clone());
        provide_context(outbox.clone());
        provide_context(reset_links.clone());
    });
    let context = move || context();
    let options = Arc::new(leptos.clone());
    let state = AppState {
        leptos: options.clone(),
        database,
        commerce,
        photos: crate::photos::PhotoCache::new(crate::config::data_dir().join("photo-cache")),
    };
    let routes = routes();
    let app_shell = move || shell((*options).clone());
    let credential_limiter = crate::limits::CredentialLimiter::new(proxies);
    crate::sweep::start(crate::sweep::Sweep {
        backend: backend.clone(),
        limiter: credential_limiter.clone(),
        outbox: sql_outbox,
        reset_links: sql_reset_links,
    });
    // The condition leptos's `AutoReload` renders its live-reload script under.
    let page_policy = PagePolicy::new(std::env::var_os("LEPTOS_WATCH").is_some(), &backend.image_origins());
    let [nosniff, no_frames, referrer, opener] = security_headers::EVERY_RESPONSE.map(|(name, value)| {
        SetResponseHeaderLayer::overriding(HeaderName::from_static(name), HeaderValue::from_static(value))
    });
    // Layers run top to bottom for a request (the last added is the outermost):
    //  1. trace: every request logged with its outcome, panics and timeouts included;
    //  2. every response's security headers, refusals and error pages included;
    //  3. a panic anywhere below answers the 500 page instead of dropping the connection;
    //  4. compression (a cached page carries its own compressed copy);
    //  5. cross-origin writes refused (403) and foreign body types (415), before anything
    //     reads the body or a cookie; then the body's size (413) and the credential
    //     endpoints' budgets per client and per target (429, `limits`);
    //  6. ETag and 304 for catalog pages; the page cache, whose entries keep the headers
    //     of the layers inside it: the page's CSP (hashes of the app's inline scripts); a hit
    //     is answered from memory, so only what passes it gets the time limit (503
    //     page): a timer per request cost a fifth of the page rate;
    //  7. the page's CSP;
    //  8. static files' caching, the store's public files, private pages' no-store,
    //     unparsable server-function bodies as 400, a form error's redirect signed and
    //     an unsigned one kept from the page (`action_error`), sessions; then the routes.
    // Which path is which kind is declared once, in `app::routes`.
    let router = Router::new()
        .route("/healthz", get(health))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::index))
        .route("/sitemap/{file}", get(seo::file))
        .route("/media/{art}/{color}/{file}", get(media::image))
        .route("/images/{hash}/{file}", get(crate::photos::serve))
        .leptos_routes_with_context(&state, routes, context.clone(), app_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(sessions)
        .layer(middleware::from_fn(malformed_is_bad_request))
        .layer(middleware::from_fn_with_state(action_errors, action_error::guard))
        .layer(middleware::from_fn(caching::private_pages))
        .layer(middleware::from_fn(store_public))
        .layer(middleware::from_fn_with_state(leptos.hash_files, caching::cache_static))
        .layer(middleware::from_fn_with_state(
            page_policy.clone(),
            security_headers::page_policy,
        ))
        .layer(middleware::from_fn_with_state(
            limits::REQUEST_TIMEOUT,
            limits::time_limit,
        ))
        .layer(middleware::from_fn_with_state(Arc::new(pages), page_cache::serve))
        .layer(middleware::from_fn(caching::etag))
        .layer(middleware::from_fn_with_state(credential_limiter, limits::guard))
        // gzip, not brotli, for what the page cache does not answer: why in page_cache/encoding.rs.
        .layer(CompressionLayer::new().no_br())
        .layer(CatchPanicLayer::custom(panicked))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            security_headers::fallback_policy,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            security_headers::strict_transport(app::store::STORE.secure_cookies()),
        ))
        .layer(nosniff)
        .layer(no_frames)
        .layer(referrer)
        .layer(opener)
        .layer(TraceLayer::new_for_http().make_span_with(crate::telemetry::request_span))
        .with_state(state);
    page_policy.learn(&router).await?;
    Ok(router)
}

/// A bug reached by a request: logged (inside the request's trace span) and answered
/// with the 500 page; the connection and the process go on.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "request handler panicked");
    crate::error_page::error_page(StatusCode::INTERNAL_SERVER_ERROR, app::i18n::t::error_internal())
}

/// The app's routes, generated once per process. Generating them renders the app with
/// every resource's load suppressed through a process-wide flag (leptos_server's
/// `SuppressResourceLoad`), so a page rendering on another thread meanwhile waited
/// forever for its data: the router tests' rare hang, each test building its router
/// while others rendered. Generated once, before any router exists, nothing renders
/// while they are.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// A server-function body that does not parse is the client's mistake: 400, not the
/// 500 the framework answers with.
async fn malformed_is_bad_request(req: Request<Body>, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // Server-function error bodies are short; a larger one is left as it is.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if bytes.starts_with(b"Args|") || bytes.starts_with(b"Deserialization|") {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// 200 when the storefront's own database (sessions) and the store's backend answer;
/// else 503 naming which, the cause in the log.
async fn health(State(state): State<AppState>) -> Response {
    if let Err(e) = state.database.ping().await {
        tracing::error!(error = %e, "health check: database failed");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
    }
    let backend = state.commerce.health().await;
    match backend.problem {
        None => (StatusCode::OK, "ok").into_response(),
        Some(problem) => {
            tracing::error!(backend = backend.backend, %problem, "health check: backend failed");
            (StatusCode::SERVICE_UNAVAILABLE, "backend unavailable").into_response()
        }
    }
}

/// A store's own `public/` files win over the base's: `/logo.svg` of a brand is its logo.
/// Release builds merge the layers into the site folder; this serves them in development.
async fn store_public(req: Request<Body>, next: Next) -> Response {
    let is_file = req.uri().path().rsplit('/').next().is_some_and(|f| f.contains('.'));
    if req.method() != axum::http::Method::GET || !is_file {
        return next.run(req).await;
    }
    for dir in app::store::PUBLIC_LAYERS {
        let probe = Request::get(req.uri().clone())
            .body(Body::empty())
            .expect("a GET with a known URI builds");
        // ServeDir refuses `..` and answers 404 for what this layer does not have.
        let Ok(res) = ServeDir::new(dir).oneshot(probe).await;
        if res.status() != StatusCode::NOT_FOUND {
            return res.into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use app::routes::RouteKind;

    /// A page added to the router must be declared in `app::routes`, or it would be
    /// served with no caching policy at all.
    #[tokio::test]
    async fn every_page_route_is_declared() {
        let paths: Vec<String> = super::routes().iter().map(|r| r.path().to_string()).collect();
        assert!(paths.len() >= 10, "{paths:?}");
        for path in paths {
            assert_ne!(RouteKind::of(&path), RouteKind::Other, "{path} is not in app::routes");
        }
    }
}
