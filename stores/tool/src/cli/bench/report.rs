//! The benchmark's figures next to their budgets, as a Markdown report. Budgets are
//! reported, never enforced: speed is measured here, not asserted in tests.

use std::fmt::Write;

use super::load::Load;
use super::pages::{Shopper, CATALOG_PAGES, SUGGESTIONS};
use super::sizes::Bundle;

/// Every page a shopper sees, at the run's connections.
pub const P99_MAX_MS: f64 = 10.0;
/// A page no one has opened yet (every request a first render).
pub const FIRST_RENDER_P99_MAX_MS: f64 = 15.0;
/// Predictive search answers from memory, cached or not: a shopper waits for it per key.
pub const SUGGEST_P99_MAX_MS: f64 = 5.0;
pub const BASELINE_RATIO_MIN: f64 = 0.5;
/// A catalog page for a shopper with a cookie against the same page for an anonymous one.
pub const COOKIE_RATIO_MIN: f64 = 0.5;
pub const WASM_BROTLI_MAX: u64 = 200_000;
pub const RSS_MAX: u64 = 60_000_000;
pub const QUERY_P99_MAX_MS: f64 = 10.0;
/// wrk runs this long against each page before the measured run, and is not counted.
pub const WARM_UP_SECONDS: u32 = 2;

/// One page against one replica, and against two sharing the database at once.
pub struct ReplicaLoad {
    pub name: String,
    pub one: Load,
    pub two: [Load; 2],
}

/// One page's load test.
pub struct PageLoad {
    pub name: String,
    pub shopper: Shopper,
    pub url: String,
    /// The first request to the page on the fresh server: an uncached render.
    pub first_ms: Option<f64>,
    /// Whether every request was a first render (distinct URLs).
    pub first_renders: bool,
    pub load: Load,
}

impl PageLoad {
    fn p99_budget_ms(&self) -> f64 {
        if SUGGESTIONS.contains(&self.name.as_str()) {
            SUGGEST_P99_MAX_MS
        } else if self.first_renders {
            FIRST_RENDER_P99_MAX_MS
        } else {
            P99_MAX_MS
        }
    }
}

pub struct Report {
    pub store: String,
    pub products: usize,
    pub connections: u32,
    pub seconds: u32,
    pub machine: String,
    pub loads: Vec<PageLoad>,
    pub baseline: Load,
    pub peak_rss: Option<u64>,
    pub bundles: Vec<(String, Bundle, u64)>,
    /// (query, runs, p50 µs, p99 µs)
    pub queries: Vec<(String, usize, u64, u64)>,
    /// The storefront's database the store ran on.
    pub database: &'static str,
    /// One replica against two, on PostgreSQL.
    pub replicas: Vec<ReplicaLoad>,
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "**missed**"
    }
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

impl Report {
    /// Category-page throughput as a share of the bare handler serving the same bytes.
    pub fn baseline_ratio(&self) -> Option<f64> {
        let category = self.anonymous(CATALOG_PAGES[1])?;
        (self.baseline.requests_per_sec > 0.0).then(|| category.load.requests_per_sec / self.baseline.requests_per_sec)
    }

    fn anonymous(&self, page: &str) -> Option<&PageLoad> {
        self.loads
            .iter()
            .find(|p| p.name == page && p.shopper == Shopper::Anonymous && !p.first_renders)
    }

    /// Each catalog page for a shopper with a cookie against the same page anonymous.
    fn cookie_ratios(&self) -> Vec<(&PageLoad, f64)> {
        self.loads
            .iter()
            .filter(|p| p.shopper != Shopper::Anonymous && CATALOG_PAGES.contains(&p.name.as_str()))
            .filter_map(|p| {
                let anonymous = self.anonymous(&p.name)?;
                (anonymous.load.requests_per_sec > 0.0)
                    .then(|| (p, p.load.requests_per_sec / anonymous.load.requests_per_sec))
            })
            .collect()
    }

    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# `cargo store bench` — store `{}`\n", self.store);
        let _ = writeln!(
            md,
            "{} · {} · {} products · wrk, {} connections × {} s per page after a {} s warm-up, `Accept-Encoding: {}` as Chromium sends it, loopback · release build\n",
            self.machine, self.database, self.products, self.connections, self.seconds, WARM_UP_SECONDS,
            super::load::BROWSER_ACCEPT_ENCODING
        );
        let _ = writeln!(md, "## Pages\n");
        let _ = writeln!(
            md,
            "| page | shopper | URL | first request | req/s | p50 | p99 | errors | p99 budget |"
        );
        let _ = writeln!(md, "|---|---|---|---:|---:|---:|---:|---:|---|");
        let rows = self.loads.iter().map(|p| {
            (
                p.name.as_str(),
                p.shopper.label(),
                p.url.as_str(),
                p.first_ms,
                &p.load,
                p.p99_budget_ms(),
            )
        });
        let baseline = (
            "bare Axum baseline",
            "",
            "same category bytes",
            None,
            &self.baseline,
            P99_MAX_MS,
        );
        for (name, shopper, url, first, l, budget) in rows.chain([baseline]) {
            let first = first.map(|ms| format!("{ms:.1} ms")).unwrap_or_default();
            if l.requests == 0 {
                let _ = writeln!(
                    md,
                    "| {name} | {shopper} | `{url}` | {first} | 0 | no answer within the run | | {} | ≤ {budget} ms: {} |",
                    l.errors,
                    verdict(false)
                );
                continue;
            }
            let _ = writeln!(
                md,
                "| {name} | {shopper} | `{url}` | {first} | {:.0} | {:.2} ms | {:.2} ms | {} | ≤ {budget} ms: {} |",
                l.requests_per_sec,
                l.p50_ms,
                l.p99_ms,
                l.errors,
                // Errors answer fast: a run with errors has met nothing.
                verdict(l.p99_ms <= budget && l.errors == 0)
            );
        }
        md.push_str(
            "\nFirst request: the page's first view on the fresh server, rendered from the database; \
             the load test then measures what every later visitor gets. A guest with a cart sends its \
             cart cookie, a signed-in customer their session cookie. *First render*: every request a \
             page no one has opened yet (thousands of URLs, each requested once). The mixed journey: \
             each round home, a category, a facet, a product (with the last round's cart cookie), a new \
             visitor's add to cart, then that cart and the checkout page.\n\n",
        );
        for (page, ratio) in self.cookie_ratios() {
            let _ = writeln!(
                md,
                "- {}, {} vs. anonymous: **{ratio:.2}×** (budget ≥ {COOKIE_RATIO_MIN}×: {})",
                page.name,
                page.shopper.label(),
                verdict(ratio >= COOKIE_RATIO_MIN)
            );
        }
        match self.baseline_ratio() {
            Some(r) => {
                let _ = writeln!(
                    md,
                    "- Category page vs. baseline: **{r:.2}×** (budget ≥ {BASELINE_RATIO_MIN}×: {})",
                    verdict(r >= BASELINE_RATIO_MIN)
                );
            }
            None => md.push_str("- Category page vs. baseline: not measured\n"),
        }
        match self.peak_rss {
            Some(rss) => {
                let _ = writeln!(
                    md,
                    "- Server peak RSS over the run: **{:.1} MB** (budget ≤ {} MB: {})",
                    rss as f64 / 1e6,
                    RSS_MAX / 1_000_000,
                    verdict(rss <= RSS_MAX)
                );
            }
            None => md.push_str("- Server peak RSS: not available (no /proc)\n"),
        }
        // Measured in the SQLite run only: they do not depend on the database.
        if !self.bundles.is_empty() {
            let _ = writeln!(md, "\n## Browser bundle per store (brotli quality 11)\n");
            let _ = writeln!(
                md,
                "| store | wasm | wasm br | JS | JS br | CSS | CSS br | first load of a category page | wasm br ≤ {} |",
                kb(WASM_BROTLI_MAX)
            );
            let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|---|");
            for (id, b, first) in &self.bundles {
                let _ = writeln!(
                    md,
                    "| {id} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    kb(b.wasm.raw),
                    kb(b.wasm.brotli),
                    kb(b.js.raw),
                    kb(b.js.brotli),
                    kb(b.css.raw),
                    kb(b.css.brotli),
                    kb(*first),
                    verdict(b.wasm.brotli <= WASM_BROTLI_MAX)
                );
            }
            md.push_str("\nFirst load: the HTML and every `/pkg/` file it loads, as the server sends them to a browser accepting brotli; images excluded.\n");
        }
        if !self.replicas.is_empty() {
            let _ = writeln!(md, "\n## One replica and two, on one PostgreSQL\n");
            let _ = writeln!(md, "| page | one replica req/s | p99 | two replicas req/s | p99 |");
            let _ = writeln!(md, "|---|---:|---:|---:|---:|");
            for r in &self.replicas {
                let rps: f64 = r.two.iter().map(|l| l.requests_per_sec).sum();
                let p99 = r.two.iter().map(|l| l.p99_ms).fold(0.0, f64::max);
                let _ = writeln!(
                    md,
                    "| {} | {:.0} | {:.2} ms | {rps:.0} | {p99:.2} ms |",
                    r.name, r.one.requests_per_sec, r.one.p99_ms
                );
            }
            md.push_str(
                "\nTwo replicas on the same machine share its cores with each other, wrk and PostgreSQL: \
                 what they add here is what a second machine would not have to share.\n",
            );
        }
        // A store on another backend runs none of the embedded SQL.
        if !self.queries.is_empty() {
            let _ = writeln!(md, "\n## Catalog queries at {} products\n", self.products);
            let _ = writeln!(md, "| query | runs | p50 | p99 | p99 ≤ {QUERY_P99_MAX_MS} ms |");
            let _ = writeln!(md, "|---|---:|---:|---:|---|");
            for (name, runs, p50, p99) in &self.queries {
                let p99_ms = *p99 as f64 / 1000.0;
                // The build and the SQL-only listing are what the served figures are weighed against.
                let mark = if name == "index-build" || name.ends_with("-sql") || name.starts_with("order-") {
                    "reference"
                } else {
                    verdict(p99_ms <= QUERY_P99_MAX_MS)
                };
                let _ = writeln!(
                    md,
                    "| {name} | {runs} | {:.2} ms | {p99_ms:.2} ms | {mark} |",
                    *p50 as f64 / 1000.0,
                );
            }
            md.push_str(
                "\nA query is one listing: the count, the page and every facet's counts. `index`: from the \
                 facet index, the page's products read from the database (a listing no one has opened \
                 yet); `sql`: the same by SQL alone, as before the index; `cached`: through the listing \
                 cache. `index-build`: reading the index at start or after a catalog change. \
                 `order-commit-full`: placing an order of one line as the server does, its commit synced \
                 to disk; `order-commit-normal`: the same unsynced, for what the sync costs.\n",
            );
        }
        md
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::bench::sizes::Size;

    fn load(rps: f64, p99: f64) -> Load {
        Load {
            requests_per_sec: rps,
            p50_ms: p99 / 2.0,
            p99_ms: p99,
            errors: 0,
            requests: 1,
        }
    }

    #[test]
    fn figures_are_marked_against_their_budgets() {
        let wasm = Size {
            raw: 900_000,
            brotli: 250_000,
        };
        let report = Report {
            store: "default".into(),
            products: 100_000,
            connections: 64,
            seconds: 10,
            machine: "2 cores".into(),
            loads: vec![
                PageLoad {
                    name: "home".into(),
                    shopper: Shopper::Anonymous,
                    url: "/".into(),
                    first_ms: Some(120.0),
                    first_renders: false,
                    load: load(5000.0, 8.0),
                },
                PageLoad {
                    name: "home".into(),
                    shopper: Shopper::SignedIn,
                    url: "/".into(),
                    first_ms: None,
                    first_renders: false,
                    load: load(2000.0, 9.0),
                },
                PageLoad {
                    name: "category + facet".into(),
                    shopper: Shopper::Anonymous,
                    url: "/c/women?color=Navy".into(),
                    first_ms: None,
                    first_renders: false,
                    load: load(1000.0, 40.0),
                },
                PageLoad {
                    name: "product, first render".into(),
                    shopper: Shopper::Anonymous,
                    url: "every product page".into(),
                    first_ms: None,
                    first_renders: true,
                    load: load(900.0, 12.0),
                },
                PageLoad {
                    name: "add to cart".into(),
                    shopper: Shopper::Anonymous,
                    url: "/api/cart-add".into(),
                    first_ms: None,
                    first_renders: false,
                    load: Load {
                        errors: 7,
                        ..load(9000.0, 2.0)
                    },
                },
            ],
            baseline: load(4000.0, 2.0),
            peak_rss: Some(50_000_000),
            bundles: vec![(
                "default".into(),
                Bundle {
                    wasm,
                    ..Bundle::default()
                },
                300_000,
            )],
            queries: vec![
                ("category-index".into(), 500, 3000, 12_000),
                ("category-sql".into(), 100, 90_000, 120_000),
            ],
            database: "PostgreSQL 15",
            replicas: vec![ReplicaLoad {
                name: "add to cart".into(),
                one: load(900.0, 30.0),
                two: [load(600.0, 20.0), load(500.0, 25.0)],
            }],
        };
        assert_eq!(report.baseline_ratio(), Some(0.25));
        let md = report.markdown();
        assert!(
            md.contains("| home | anonymous | `/` | 120.0 ms | 5000 | 4.00 ms | 8.00 ms | 0 | ≤ 10 ms: met |"),
            "{md}"
        );
        assert!(md.contains("| 40.00 ms | 0 | ≤ 10 ms: **missed** |"), "{md}");
        assert!(
            md.contains("| 12.00 ms | 0 | ≤ 15 ms: met |"),
            "first renders have their own budget: {md}"
        );
        assert!(
            md.contains("| 2.00 ms | 7 | ≤ 10 ms: **missed** |"),
            "fast errors are not a met budget: {md}"
        );
        assert!(
            md.contains("- home, signed in vs. anonymous: **0.40×** (budget ≥ 0.5×: **missed**)"),
            "{md}"
        );
        assert!(md.contains("**0.25×** (budget ≥ 0.5×: **missed**)"), "{md}");
        assert!(md.contains("**50.0 MB** (budget ≤ 60 MB: met)"), "{md}");
        assert!(
            md.contains("| 250.0 KB |") && md.contains("| 300.0 KB | **missed** |"),
            "{md}"
        );
        assert!(
            md.contains("| category-index | 500 | 3.00 ms | 12.00 ms | **missed** |")
                && md.contains("| category-sql | 100 | 90.00 ms | 120.00 ms | reference |"),
            "{md}"
        );
        assert!(md.contains("· PostgreSQL 15 ·"), "{md}");
        assert!(
            md.contains("| add to cart | 900 | 30.00 ms | 1100 | 25.00 ms |"),
            "two replicas' throughput adds up, their p99 is the worse: {md}"
        );
    }
}
