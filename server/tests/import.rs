//! A retailer's catalog file into the store (issue 17), on both databases: a Shopify
//! product CSV export with photos becomes pages a shopper can buy from, its problems are
//! reported before anything is written, a second import changes nothing, and our own
//! format reads back what `export` writes.

#[macro_use]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use app::model::Currency;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::get;
use indicatif::ProgressBar;
use server::import::{Outcome, Source, Target};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/catalog")
        .join(name)
}

fn apparel(retire: bool) -> Target {
    Target {
        catalog: "apparel".into(),
        currency: Currency::parse("USD").unwrap(),
        retire,
    }
}

async fn import(db: &common::EitherDb, path: &Path, retire: bool) -> Outcome {
    server::import::import(
        &db.database,
        &Source::new(path),
        &apparel(retire),
        false,
        &ProgressBar::hidden(),
    )
    .await
    .expect("import runs")
}

/// What moves when the catalog changes: SQLite's version row, PostgreSQL's change log.
async fn catalog_changes(db: &common::EitherDb) -> i64 {
    if db.is_postgres() {
        db.number("SELECT count(*) FROM catalog_changes").await
    } else {
        db.number("SELECT version FROM catalog_version").await
    }
}

/// The `srcset` URLs of the first `<img>` after `marker` in `html`.
fn srcset_after<'a>(html: &'a str, marker: &str) -> Vec<&'a str> {
    let from = html.find(marker).unwrap_or_else(|| panic!("{marker} in page"));
    let img = &html[from..];
    let set = img.split("srcset=\"").nth(1).expect("an srcset");
    let set = &set[..set.find('"').unwrap()];
    set.split(", ").map(|c| c.split(' ').next().unwrap()).collect()
}

fn server_command(db: &common::EitherDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "error")
        .output()
        .expect("server runs")
}

on_both_databases! {
    /// Every rule of the mapping, seen as a shopper sees it.
    async fn a_shopify_export_becomes_pages_with_photos_and_prices(db) {
        let before = db.number("SELECT count(*) FROM products").await;
        let outcome = import(&db, &fixture("products.csv"), false).await;
        assert_eq!(outcome.report.errors(), 0, "{}", outcome.report);
        assert!(outcome.written);
        assert_eq!((outcome.changes.products_added, outcome.changes.variants_added), (6, 10), "{}", outcome.changes);
        assert_eq!(outcome.changes.photos_added, 4);
        assert_eq!(db.number("SELECT count(*) FROM products").await, before + 6);
        let app = db.app().await;

        let page = get(&app, "/p/arctic-parka").await;
        assert_eq!(page.status, StatusCode::OK);
        let html = &page.body;
        assert!(html.contains("<title>Arctic Parka – warm to -30 °C"), "SEO title");
        assert!(html.contains("A storm-proof parka with recycled down."), "SEO description");
        assert!(html.contains("<b>recycled</b>"), "formatting kept");
        assert!(!html.contains("alert(&quot;x&quot;)") && !html.contains("alert(\"x\")") && !html.contains("steal()"), "scripts dropped");
        assert!(html.contains("$249.00"), "the variant's price");
        assert!(html.contains("data-testid=\"compare-at\""), "the sale's old price shown");
        assert!(html.contains("$299.00"));
        // The navy variant's photo first, full size reserved, many widths offered.
        let navy = srcset_after(html, "data-testid=\"gallery\"");
        assert_eq!(navy.len(), 4, "{navy:?}");
        assert!(navy[0].ends_with("/320.webp") && navy[3].ends_with("/1280.webp"), "{navy:?}");
        assert!(html.contains("width=\"1200\" height=\"1500\""), "intrinsic size");
        assert!(html.contains("fetchpriority=\"high\""));
        assert!(html.contains("Fit") && html.contains("Regular"), "a third option");

        let red = get(&app, "/p/arctic-parka?color=Red&size=M").await;
        assert!(red.body.contains("$259.00"));
        assert!(!red.body.contains("data-testid=\"compare-at\""), "no sale on red");
        assert_ne!(srcset_after(&red.body, "data-testid=\"gallery\"")[0], navy[0], "the red photo first");

        // Out of stock but on back order: still for sale.
        let backorder = get(&app, "/p/arctic-parka?color=Navy&size=M").await;
        assert!(backorder.body.contains("PARKA-NAVY-M"));
        assert!(!backorder.body.contains("Out of stock"), "orderable on back order");

        // An option of any name picks its variant (and keys the page cache).
        let alpaca = get(&app, "/p/wool-beanie?material=Alpaca").await;
        assert!(alpaca.body.contains("$39.00") && alpaca.body.contains("BEANIE-ALPACA"));
        let merino = get(&app, "/p/wool-beanie?material=Merino").await;
        assert!(merino.body.contains("$29.00") && merino.body.contains("BEANIE-MERINO"));

        let home = get(&app, "/").await;
        assert!(home.body.contains("href=\"/c/parkas\""), "a new category in the navigation");
        assert!(!home.body.contains("href=\"/c/scarves\""), "a category of drafts only is not");
        for hidden in ["draft-scarf", "unpublished-hat", "archived-gloves"] {
            assert_eq!(get(&app, &format!("/p/{hidden}")).await.status, StatusCode::NOT_FOUND, "{hidden} is not sold");
        }
        let listing = get(&app, "/c/parkas").await;
        assert_eq!(listing.status, StatusCode::OK);
        assert!(listing.body.contains("Arctic Parka"));
        assert!(listing.body.contains("/320.webp 320w"), "cards offer widths too");
        let kitchen = get(&app, "/c/kitchen").await;
        assert!(kitchen.body.contains("Stoneware Mug") && kitchen.body.contains("$18.50"));

        // The photos themselves: resized, WebP, cached for good, revalidated by ETag.
        let response = app.clone().oneshot_get(navy[0]).await;
        assert_eq!(response.0, StatusCode::OK);
        assert_eq!(response.1.get(header::CONTENT_TYPE).unwrap(), "image/webp");
        assert!(response.1.get(header::CACHE_CONTROL).unwrap().to_str().unwrap().contains("immutable"));
        let small = image::load_from_memory(&response.2).expect("a WebP");
        assert_eq!((small.width(), small.height()), (320, 400));
        assert!(response.2.len() < std::fs::metadata(fixture("photos/parka-navy.jpg")).unwrap().len() as usize);
        let etag = response.1.get(header::ETAG).unwrap().clone();
        let again = app
            .clone()
            .oneshot(Request::get(navy[0]).header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let jpeg = app.clone().oneshot_get(&navy[1].replace(".webp", ".jpg")).await;
        assert_eq!(jpeg.1.get(header::CONTENT_TYPE).unwrap(), "image/jpeg");
        for bad in ["/images/0123456789abcdef0123456789abcdef/320.webp", "/images/../etc/320.webp", &navy[0].replace("320", "333")] {
            assert_eq!(app.clone().oneshot_get(bad).await.0, StatusCode::NOT_FOUND, "{bad}");
        }
    }

    /// The same file twice changes nothing; a changed file changes only what changed.
    async fn imports_are_idempotent_and_update_what_changed(db) {
        import(&db, &fixture("products.csv"), false).await;
        let version = catalog_changes(&db).await;
        let again = import(&db, &fixture("products.csv"), false).await;
        assert!(again.changes.is_empty(), "{}", again.changes);
        assert!(!again.written);
        assert_eq!(catalog_changes(&db).await, version, "no catalog change announced");

        let dir = tempfile::tempdir().unwrap();
        let changed = dir.path().join("products.csv");
        let text = std::fs::read_to_string(fixture("products.csv")).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("wool-beanie"))
            .map(|l| l.replace("Hand-glazed, 350 ml.", "Hand-glazed, 400 ml.").replace(",18.50,", ",16.00,").replace("PARKA-RED-M,,12,", "PARKA-RED-M,,2,") + "\n")
            .collect();
        std::fs::write(&changed, text).unwrap();
        std::fs::create_dir(dir.path().join("photos")).unwrap();
        for photo in ["parka-navy.jpg", "parka-red.jpg", "parka-detail.jpg", "mug.png"] {
            std::fs::copy(fixture("photos").join(photo), dir.path().join("photos").join(photo)).unwrap();
        }
        // Retiring: every sold product of the catalog the file no longer has (the demo's too).
        let gone = db
            .number("SELECT count(*) FROM products WHERE catalog_id = 'apparel' AND sold AND slug NOT IN ('arctic-parka', 'stoneware-mug')")
            .await;
        let update = import(&db, &changed, true).await;
        assert_eq!(update.report.errors(), 0, "{}", update.report);
        let c = update.changes;
        assert_eq!((c.products_added, c.products_updated, c.products_retired), (0, 1, gone as usize), "{c}");
        assert_eq!((c.prices_changed, c.variants_added, c.photos_added), (1, 0, 0), "{c}");
        assert_eq!((c.variants_updated, c.variants_removed), (1, 0), "{c}");
        assert_eq!(db.stock("PARKA-RED-M").await, 2, "the new stock");
        assert!(catalog_changes(&db).await > version);
        let app = db.app().await;
        let mug = get(&app, "/p/stoneware-mug").await;
        assert!(mug.body.contains("$16.00") && mug.body.contains("400 ml"));
        assert_eq!(get(&app, "/p/wool-beanie").await.status, StatusCode::NOT_FOUND, "retired");
    }

    /// Every problem with its line and column, and nothing written.
    async fn a_broken_file_is_reported_and_nothing_is_written(db) {
        let products = db.number("SELECT count(*) FROM products").await;
        let version = catalog_changes(&db).await;
        let outcome = import(&db, &fixture("broken.csv"), false).await;
        assert!(!outcome.written);
        let report = outcome.report.to_string();
        for expected in [
            "broken.csv:2: error: column \"Title\": a row of \"orphan\" before its product row",
            "broken.csv:3: error: column \"Handle\": missing handle",
            "broken.csv:4: error: column \"Variant Price\": \"abc\" is not a price",
            "broken.csv:5: error: column \"Variant SKU\": TEE-S is also on line 4",
            "broken.csv:6: error: column \"Option2 Value\": \"Blue\" has no option name",
            "broken.csv:4: error: column \"Image Src\": photos/missing.jpg: cannot be read",
            "broken.csv:5: error: column \"Image Src\": photos/not-a-picture.jpg: not a picture",
            "broken.csv:6: error: column \"Image Src\": photos/truncated.jpg: cannot be decoded",
        ] {
            assert!(report.contains(expected), "{expected}\nnot in:\n{report}");
        }
        assert_eq!(db.number("SELECT count(*) FROM products").await, products);
        assert_eq!(catalog_changes(&db).await, version);
    }

    /// import → export → import → export: the same file, and nothing changed between.
    async fn our_format_reads_back_what_export_writes(db) {
        import(&db, &fixture("products.csv"), false).await;
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first/catalog.jsonl");
        std::fs::create_dir_all(first.parent().unwrap()).unwrap();
        let usd = Currency::parse("USD").unwrap();
        let written = server::import::export(&db.database, "apparel", usd, &first).await.unwrap();
        assert!(written >= 6);
        let text = std::fs::read_to_string(&first).unwrap();
        assert!(text.lines().any(|l| l.contains("\"handle\":\"arctic-parka\"") && l.contains("\"compare_at\":29900")));
        assert!(first.parent().unwrap().join("images").read_dir().unwrap().count() == 4, "the photos beside it");

        let back = import(&db, &first, false).await;
        assert_eq!(back.report.errors(), 0, "{}", back.report);
        assert!(back.changes.is_empty(), "a fixed point: {}", back.changes);
        let second = dir.path().join("second/catalog.jsonl");
        std::fs::create_dir_all(second.parent().unwrap()).unwrap();
        server::import::export(&db.database, "apparel", usd, &second).await.unwrap();
        assert_eq!(std::fs::read_to_string(&second).unwrap(), text);
    }

    /// `server import` as `cargo store import` runs it: the report, a failing exit on
    /// errors, and `--dry-run` writing nothing.
    async fn the_import_command_reports_and_dry_runs(db) {
        let broken = server_command(&db, &["import", fixture("broken.csv").to_str().unwrap(), "--catalog", "apparel"]);
        assert_eq!(broken.status.code(), Some(2));
        let out = String::from_utf8_lossy(&broken.stdout);
        assert!(out.contains("error(s)") && out.contains("nothing written"), "{out}");
        let products = db.number("SELECT count(*) FROM products").await;
        let dry = server_command(&db, &["import", fixture("products.csv").to_str().unwrap(), "--catalog", "apparel", "--dry-run"]);
        assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
        assert!(String::from_utf8_lossy(&dry.stdout).contains("would change: products: 6 added"));
        assert_eq!(db.number("SELECT count(*) FROM products").await, products);
        let unknown = server_command(&db, &["import", fixture("products.csv").to_str().unwrap(), "--catalog", "nowhere"]);
        assert!(!unknown.status.success());
        assert!(String::from_utf8_lossy(&unknown.stderr).contains("--currency"));
    }
}

/// Photos by URL are fetched at import; one that cannot be had is a warning and the
/// product comes without it (the fetching is the same on either database).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_by_url_are_fetched_and_unreachable_ones_are_warnings() {
    let photo = std::fs::read(fixture("photos/mug.png")).unwrap();
    let host = axum::Router::new().route(
        "/mug.png",
        axum::routing::get(move || {
            let photo = photo.clone();
            async move { ([(header::CONTENT_TYPE, "image/png")], photo) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let at = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, host).await.unwrap() });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("by-url.csv");
    let unreachable = common::free_port();
    std::fs::write(
        &file,
        format!(
            "Handle,Title,Type,Variant SKU,Variant Price,Image Src,Image Position\n\
             url-mug,URL Mug,Kitchen,URL-MUG,12.00,http://{at}/mug.png,1\n\
             url-mug,,,,,http://{at}/gone.png,2\n\
             url-mug,,,,,http://127.0.0.1:{unreachable}/mug.png,3\n"
        ),
    )
    .unwrap();
    let db = common::EitherDb::sqlite().await;
    let outcome = import(&db, &file, false).await;
    let report = outcome.report.to_string();
    assert_eq!(outcome.report.errors(), 0, "{report}");
    assert!(
        report.contains("by-url.csv:3: warning: column \"Image Src\": http://"),
        "{report}"
    );
    assert!(report.contains("gone.png: answered 404"), "{report}");
    assert!(
        report.contains(&format!("127.0.0.1:{unreachable}/mug.png: cannot be fetched")),
        "{report}"
    );
    assert_eq!(outcome.report.warnings(), 2, "{report}");
    assert!(outcome.written);
    assert_eq!(outcome.changes.photos_added, 1);
    let stored = db
        .number("SELECT count(*) FROM product_images i JOIN products p ON p.id = i.product_id WHERE p.slug = 'url-mug'")
        .await;
    assert_eq!(stored, 1, "the product has the photo that could be fetched");
}

/// A GET through the router: status, headers and body bytes.
trait OneshotGet {
    async fn oneshot_get(self, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>);
}

impl OneshotGet for axum::Router {
    async fn oneshot_get(self, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        use http_body_util::BodyExt;
        let response = self
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        (status, headers, bytes)
    }
}

use tower::ServiceExt;
