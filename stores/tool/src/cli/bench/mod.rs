//! `cargo store bench`: release builds of every store, a 100,000-product database, load
//! tests of one store's pages against a bare-Axum baseline, its memory, every store's
//! bundle sizes and the catalog query timings, each next to its budget.

mod http;
mod load;
mod pages;
mod report;
mod sizes;

use std::path::Path;
use std::process::Command;

use super::commands::{build, selected};
use super::step::{quiet, skip};
use super::{root, setup, CliError};
use http::Server;
use pages::Pages;
use report::{PageLoad, Report, WARM_UP_SECONDS};

pub struct Options {
    pub store: String,
    pub products: usize,
    pub seconds: u32,
    pub connections: u32,
    /// On PostgreSQL rather than the SQLite file, with one replica compared to two.
    pub postgres: bool,
}

const STORE_ADDR: &str = "127.0.0.1:3190";
const BASELINE_ADDR: &str = "127.0.0.1:3191";
const OTHER_ADDR: &str = "127.0.0.1:3192";

pub fn bench(o: Options) -> Result<(), CliError> {
    let _workspace = super::cache::enter()?;
    setup::setup(false)?;
    setup::wrk()?;
    let ids = selected(None)?;
    if !ids.contains(&o.store) {
        return Err(CliError::Other(format!("no store `{}`", o.store)));
    }
    // Every store for the bundle sizes; on PostgreSQL only the benched one (the sizes do not
    // depend on the database and are left to the SQLite run).
    let mut dists = Vec::new();
    for id in ids.iter().filter(|id| !o.postgres || **id == o.store) {
        dists.push((id.clone(), build(id)?));
    }
    // Stores on Vendure (benched, or started for their sizes) need one running; every
    // server started below finds it through the inherited VENDURE_URL.
    let defs = store_tool::discover(&root().join("stores"))?;
    let on_vendure = |id: &str| defs.resolve(id).is_ok_and(|d| d.backend == "vendure");
    let vendure = if dists.iter().any(|(id, _)| on_vendure(id)) {
        let running = super::vendure::start(&root().join("target/bench/vendure"), true)?;
        std::env::set_var("VENDURE_URL", &running.url);
        Some(running)
    } else {
        None
    };
    let dist = |id: &str| {
        dists
            .iter()
            .find(|(d, _)| d == id)
            .map(|(_, p)| p.clone())
            .expect("built above")
    };
    let server_bin = dist(&o.store).join("server");
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| CliError::Other(format!("{}: {e}", dir.display())))?;
    // A store on Vendure reads no catalog from it; the other stores' sizes need only a few.
    let products = if on_vendure(&o.store) {
        SIZES_PRODUCTS
    } else {
        o.products
    };
    let postgres = match o.postgres {
        true => Some(super::postgres::start("bench")?),
        false => None,
    };
    let db = match &postgres {
        Some(cluster) => cluster.url.clone(),
        None => {
            let file = dir.join("bench.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.join(format!("bench.db{suffix}")));
            }
            format!("sqlite://{}", file.display())
        }
    };
    seed(&server_bin, &db, products)?;

    let pages = {
        let _server = Server::start(&server_bin, &[], STORE_ADDR, &db, "/healthz")?;
        Pages::discover(STORE_ADDR)?
    };
    // A fresh server, so no page is in memory before its first request is timed.
    let server = Server::start(&server_bin, &[], STORE_ADDR, &db, "/healthz")?;
    let mut loads = Vec::new();
    for (i, target) in pages.targets().into_iter().enumerate() {
        let url = format!("http://{STORE_ADDR}{}", target.wrk_path());
        let script = match (&target.script, target.paths.is_empty()) {
            (Some(text), _) => Some(text.clone()),
            (None, false) => {
                let file = dir.join(format!("paths-{i}.txt"));
                write(&file, &pages::paths_file(&target.paths))?;
                Some(pages::paths_script(&file))
            }
            (None, true) => None,
        };
        let script = match script {
            Some(text) => {
                let file = dir.join(format!("script-{i}.lua"));
                write(&file, &text)?;
                Some(file)
            }
            None => None,
        };
        let script = script.as_deref();
        // The first view is timed alone: under load its render is hidden in the others' wait.
        let first_ms = match target.first_request {
            true => Some(first_request(STORE_ADDR, &target.url)?),
            false => None,
        };
        // A warm-up of first renders would spend the URLs the run is to render first.
        if target.paths.is_empty() {
            load::run(&url, o.connections, WARM_UP_SECONDS, script)?;
        }
        let label = format!("{}, {}", target.name, target.shopper.label());
        let load = measure(&label, &url, &o, script)?;
        loads.push(PageLoad {
            name: target.name.to_string(),
            shopper: target.shopper,
            url: target.url,
            first_ms,
            first_renders: !target.paths.is_empty(),
            load,
        });
    }
    let peak_rss = server.peak_rss();
    let category_html = http::get(STORE_ADDR, &pages.category, None)?.body;
    drop(server);

    let body = dir.join("category.html");
    write(&body, &String::from_utf8_lossy(&category_html))?;
    let baseline = {
        let body = body.display().to_string();
        let _bare = Server::start(&server_bin, &["baseline", "--body", &body], BASELINE_ADDR, &db, "/")?;
        load::run(
            &format!("http://{BASELINE_ADDR}/"),
            o.connections,
            WARM_UP_SECONDS,
            None,
        )?;
        measure("bare Axum baseline", &format!("http://{BASELINE_ADDR}/"), &o, None)?
    };

    let replicas = match o.postgres {
        true => one_replica_and_two(&server_bin, &db, &pages, &dir, &o)?,
        false => Vec::new(),
    };

    // The embedded backend's SQLite timings; a store on Vendure runs none of it, and the
    // PostgreSQL run is about the pages.
    let queries = if on_vendure(&o.store) || o.postgres {
        Vec::new()
    } else {
        query_timings(&server_bin, &db)?
    };

    let mut bundles = Vec::new();
    for (id, path) in dists.iter().filter(|_| !o.postgres) {
        let bundle = sizes::bundle(&path.join("site/pkg"))?;
        let _server = Server::start(&path.join("server"), &[], OTHER_ADDR, &db, "/healthz")?;
        let category = Pages::first_category(OTHER_ADDR)?;
        bundles.push((id.clone(), bundle, sizes::first_load(OTHER_ADDR, &category)?));
        skip(&format!("sizes of {id}"), "measured");
    }

    let report = Report {
        store: o.store.clone(),
        products: o.products,
        connections: o.connections,
        seconds: o.seconds,
        machine: machine(),
        loads,
        baseline,
        peak_rss,
        bundles,
        queries,
        database: if o.postgres { "PostgreSQL 15" } else { "SQLite" },
        replicas,
    };
    let mut md = report.markdown();
    if let Some(vendure) = vendure.as_ref().filter(|_| on_vendure(&o.store)) {
        let line = match vendure.peak_rss_mb() {
            Some(mb) => format!("\nThe store runs on Vendure; its server's peak resident memory: {mb:.1} MB.\n"),
            None => "\nThe store runs on Vendure; its memory could not be read.\n".to_string(),
        };
        md.push_str(&line);
    }
    let path = dir.join("report.md");
    write(&path, &md)?;
    println!("\n{md}\nWritten to {}", path.display());
    Ok(())
}

/// Enough products for the sizes step's category pages (the demo catalog's size).
const SIZES_PRODUCTS: usize = 240;

/// Fills the benchmark database (kept apart from the dev database) with `products` products.
fn seed(server: &Path, database_url: &str, products: usize) -> Result<(), CliError> {
    quiet(
        &format!("seed {products} products"),
        Command::new(server)
            .args(["seed", "--products", &products.to_string()])
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "warn"),
    )
}

/// The category page and add to cart against one replica, then against two sharing the
/// database, each with half the connections at the same time.
fn one_replica_and_two(
    server: &Path,
    database_url: &str,
    pages: &Pages,
    dir: &Path,
    o: &Options,
) -> Result<Vec<report::ReplicaLoad>, CliError> {
    let first = Server::start(server, &[], STORE_ADDR, database_url, "/healthz")?;
    let second = Server::start(server, &[], OTHER_ADDR, database_url, "/healthz")?;
    let script = dir.join("replicas-add.lua");
    write(&script, &pages.post_script(None))?;
    let mut rows = Vec::new();
    for (name, path, script) in [
        ("category + facet", pages.category.as_str(), None),
        ("add to cart", "/api/cart-add", Some(script.as_path())),
    ] {
        let url = |addr: &str| format!("http://{addr}{path}");
        load::run(&url(STORE_ADDR), o.connections, WARM_UP_SECONDS, script)?;
        let one = measure(&format!("{name}, one replica"), &url(STORE_ADDR), o, script)?;
        let half = (o.connections / 2).max(1);
        println!(
            "→ load: {name}, two replicas ({half} connections each, {} s)",
            o.seconds
        );
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| load::run(&url(STORE_ADDR), half, o.seconds, script));
            let b = s.spawn(|| load::run(&url(OTHER_ADDR), half, o.seconds, script));
            (a.join(), b.join())
        });
        let joined = |r: std::thread::Result<Result<load::Load, CliError>>| {
            r.map_err(|_| CliError::Other("wrk thread panicked".into()))?
        };
        let two = [joined(a)?, joined(b)?];
        println!(
            "  {:.0} req/s in all, p99 {:.2} ms",
            two.iter().map(|l| l.requests_per_sec).sum::<f64>(),
            two.iter().map(|l| l.p99_ms).fold(0.0, f64::max)
        );
        rows.push(report::ReplicaLoad {
            name: name.to_string(),
            one,
            two,
        });
    }
    drop((first, second));
    Ok(rows)
}

fn first_request(addr: &str, path: &str) -> Result<f64, CliError> {
    let started = std::time::Instant::now();
    let res = http::get(addr, path, None)?;
    if res.status != 200 {
        return Err(CliError::Other(format!("GET {path}: status {}", res.status)));
    }
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

fn measure(name: &str, url: &str, o: &Options, script: Option<&Path>) -> Result<load::Load, CliError> {
    println!("→ load: {name} ({} connections, {} s)", o.connections, o.seconds);
    let load = load::run(url, o.connections, o.seconds, script)?;
    println!(
        "  {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors",
        load.requests_per_sec, load.p50_ms, load.p99_ms, load.errors
    );
    Ok(load)
}

fn query_timings(server: &Path, database_url: &str) -> Result<Vec<(String, usize, u64, u64)>, CliError> {
    println!("→ catalog query timings");
    let out = Command::new(server)
        .args(["queries", "--runs", "200"])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .output()
        .map_err(|source| CliError::Spawn {
            program: server.display().to_string(),
            source,
        })?;
    if !out.status.success() {
        return Err(CliError::Other(format!(
            "query timings: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(parse_timing)
        .collect())
}

/// `query category runs=500 p50_us=812 p99_us=2400`
fn parse_timing(line: &str) -> Option<(String, usize, u64, u64)> {
    let mut words = line.strip_prefix("query ")?.split_whitespace();
    let name = words.next()?.to_string();
    let mut field = |key: &str| words.next()?.strip_prefix(key)?.parse::<u64>().ok();
    Some((name, field("runs=")? as usize, field("p50_us=")?, field("p99_us=")?))
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores ({cpu})")
}

fn write(path: &Path, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|e| CliError::Other(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_query_timing_lines() {
        assert_eq!(
            parse_timing("query category runs=500 p50_us=812 p99_us=2400"),
            Some(("category".into(), 500, 812, 2400))
        );
        assert_eq!(parse_timing("something else"), None);
    }
}
