//! The data layer's contract: the same behavioural tests, method by method, against
//! every backend (`backends.rs` says how each is set up). A third platform's connector
//! gets this list as its checklist.

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod backends;
mod carts;
mod catalog;
mod orders;

/// Runs each test body once per backend: `name::embedded`, `name::postgres` (our SQL
/// backend on PostgreSQL), `name::vendure`.
#[macro_export]
macro_rules! contract {
    ($(async fn $name:ident($fixture:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($fixture: $crate::backends::Fixture) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn embedded() {
                run($crate::backends::Fixture::embedded().await).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::backends::Fixture::postgres().await).await
            }

            #[cfg(feature = "vendure")]
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn vendure() {
                run($crate::backends::Fixture::vendure().await).await
            }
        }
    )*};
}
