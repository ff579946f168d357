use clap::{Parser, Subcommand};

/// glibc keeps an arena per thread (tokio workers, one per SQLite connection) and
/// returned little of them: peak RSS under load was a quarter higher than with mimalloc.
/// (Its `no_thp` feature is set in Cargo.toml.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use server::config::{Config, Demo};
use server::error::StartupError;

#[derive(Parser)]
#[command(about = "Storefront server for one store over the shared data layer")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the store (the default).
    Serve,
    /// Replace the catalog with a generated one of the given size.
    Seed {
        #[arg(long, default_value_t = server::seed::DEMO_PRODUCTS)]
        products: usize,
    },
    /// The store's coupons: list them, add one, remove one.
    Coupons {
        #[command(subcommand)]
        action: CouponAction,
    },
    /// Bring a catalog file (Shopify product CSV, or our JSON lines) into a catalog: every
    /// problem is reported first, and nothing is written if there is an error.
    Import {
        file: std::path::PathBuf,
        /// The catalog to fill (default: this store's).
        #[arg(long)]
        catalog: Option<String>,
        /// The prices' currency (default: that of a store selling the catalog).
        #[arg(long)]
        currency: Option<String>,
        /// The file's format (default: by extension, `.jsonl` ours, else Shopify's CSV).
        #[arg(long, value_enum)]
        format: Option<server::import::FileFormat>,
        /// Shopify's CSV: the column categories come from (`Product Category` paths give
        /// their last part).
        #[arg(long, default_value = server::import::CATEGORY_COLUMN)]
        category_column: String,
        /// Only check the file and say what would change.
        #[arg(long)]
        dry_run: bool,
        /// Stop selling the catalog's products that the file does not have.
        #[arg(long)]
        retire: bool,
    },
    /// Move an order on (`pay`, `ship`, `deliver`, `cancel`) and email the shopper.
    Order {
        number: String,
        #[arg(value_enum)]
        action: server::orders::Move,
    },
    /// Write a catalog in our own format (JSON lines, photos in `images/` beside it).
    Export {
        /// The file to write.
        #[arg(long)]
        output: std::path::PathBuf,
        #[arg(long)]
        catalog: Option<String>,
        #[arg(long)]
        currency: Option<String>,
    },
    /// Serve the bytes of a file at every path from a bare Axum handler (benchmark baseline).
    Baseline {
        #[arg(long)]
        body: std::path::PathBuf,
    },
    /// Time the category and search queries over the database (benchmark).
    Queries {
        #[arg(long, default_value_t = 500)]
        runs: usize,
    },
}

#[derive(Subcommand)]
enum CouponAction {
    /// Every coupon of this store and the days it is valid.
    List,
    /// A new coupon: a percentage or an amount off, from one day to another (UTC, both
    /// included; without them, from now on).
    Add {
        code: String,
        #[arg(long)]
        percent: Option<u32>,
        /// In the store's currency, like 4.99.
        #[arg(long)]
        amount: Option<String>,
        /// First day, like 2026-12-01.
        #[arg(long)]
        from: Option<String>,
        /// Last day, like 2026-12-31.
        #[arg(long)]
        until: Option<String>,
    },
    /// Removes a coupon; carts holding it lose it.
    Remove { code: String },
}

#[tokio::main]
async fn main() {
    server::memory::purge_at_once();
    server::telemetry::init();
    let cli = Cli::parse();
    if let Err(e) = run(cli.command.unwrap_or(Command::Serve)).await {
        tracing::error!("{e}");
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn run(command: Command) -> Result<(), StartupError> {
    let config = Config::from_env()?;
    if let Command::Baseline { body } = &command {
        let bytes = std::fs::read(body).map_err(|source| StartupError::Read {
            path: body.clone(),
            source,
        })?;
        return server::bench::serve_baseline(config.addr, bytes.into()).await;
    }
    // Seeding brings the demo data itself; managing coupons adds none.
    let demo = match command {
        Command::Seed { .. }
        | Command::Coupons { .. }
        | Command::Import { .. }
        | Command::Export { .. }
        | Command::Order { .. } => Demo::None,
        _ => config.demo,
    };
    let database = server::prepare_database(&config.database_url, demo).await?;
    match command {
        Command::Seed { products } => {
            match &database {
                server::Database::Sqlite(pool) => server::seed::seed(pool, products).await?,
                server::Database::Postgres(pool) => {
                    server::postgres::seed(&mut *pool.acquire().await?, products).await?
                }
            }
            let scope = app::store::STORE
                .scope()
                .map_err(|e| StartupError::Store(e.to_string()))?;
            database.add_demo_coupons(&scope).await?;
            Ok(())
        }
        Command::Coupons { action } => {
            let store = app::store::STORE
                .scope()
                .map_err(|e| StartupError::Store(e.to_string()))?;
            manage_coupons(&database, &store, action).await
        }
        Command::Import {
            file,
            catalog,
            currency,
            format,
            category_column,
            dry_run,
            retire,
        } => {
            let target = server::import::target(&database, catalog, currency.as_deref(), retire).await?;
            let mut source = server::import::Source::new(file);
            source.category_column = category_column;
            if let Some(format) = format {
                source.format = format;
            }
            let progress = indicatif::ProgressBar::new(0).with_style(
                indicatif::ProgressStyle::with_template("writing {bar:40} {pos}/{len} products")
                    .expect("a valid progress template"),
            );
            let outcome = server::import::import(&database, &source, &target, dry_run, &progress).await?;
            println!("{}", outcome.report);
            println!("{}", outcome.summary(dry_run));
            if outcome.report.errors() > 0 {
                std::process::exit(2);
            }
            Ok(())
        }
        Command::Export {
            output,
            catalog,
            currency,
        } => {
            let target = server::import::target(&database, catalog, currency.as_deref(), false).await?;
            let n = server::import::export(&database, &target.catalog, target.currency, &output).await?;
            println!("{n} products of {} written to {}", target.catalog, output.display());
            Ok(())
        }
        Command::Order { number, action } => {
            let order = server::orders::move_on(&database, &number, action.status()).await?;
            println!(
                "order {} is {} now; {} is emailed (the store's server sends it)",
                order.number,
                order.status.as_str(),
                order.email
            );
            Ok(())
        }
        Command::Queries { runs } => {
            let Some(pool) = database.sqlite() else {
                return Err(StartupError::Store("the query timings read a SQLite file".into()));
            };
            for timing in server::bench::query_timings(pool, runs).await? {
                println!("{timing}");
            }
            Ok(())
        }
        Command::Baseline { .. } => Ok(()),
        Command::Serve => {
            if app::store::STORE.backend.kind == "embedded" && database.product_count().await? == 0 {
                tracing::warn!(
                    store = app::store::STORE.id,
                    "the catalog is empty: import one (cargo store import) or seed the demo (cargo store seed)"
                );
            }
            let app = server::router(config.leptos.clone(), database.clone()).await?;
            let listener = tokio::net::TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.addr,
                    source,
                })?;
            tracing::info!(store = app::store::STORE.id, addr = %config.addr, "listening");
            // The client's address, for the per-address limits (limits/).
            let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown_signal())
                .await
                .map_err(StartupError::Serve)?;
            database.close().await;
            tracing::info!("stopped");
            Ok(())
        }
    }
}

async fn manage_coupons(
    database: &server::Database,
    store: &app::commerce::StoreScope,
    action: CouponAction,
) -> Result<(), StartupError> {
    use server::coupons;
    match action {
        CouponAction::List => {
            for c in coupons::list(database, store).await? {
                println!("{}", coupons::describe(&c, store));
            }
        }
        CouponAction::Add {
            code,
            percent,
            amount,
            from,
            until,
        } => {
            let coupon = coupons::NewCoupon::parse(
                store,
                &code,
                percent,
                amount.as_deref(),
                from.as_deref(),
                until.as_deref(),
            )?;
            coupons::add(database, store, &coupon).await?;
            println!("added {} to {}", coupon.code, store.id);
        }
        CouponAction::Remove { code } => {
            coupons::remove(database, store, &code).await?;
            println!("removed {} from {}", code.trim().to_uppercase(), store.id);
        }
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM so in-flight requests finish before exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
