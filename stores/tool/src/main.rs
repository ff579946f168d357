//! `cargo store`: set-up, development and testing of the storefront's stores.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(bin_name = "cargo store", about = "Run, build and test the storefront's stores")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing, then run a store with hot reload (default: `default`).
    Dev { store: Option<String> },
    /// Install what is missing, then run everything CI checks (every store's browser
    /// suite, or one store's).
    Test {
        store: Option<String>,
        /// Every store (the default).
        #[arg(long, conflicts_with = "store")]
        all: bool,
    },
    /// Release builds into `dist/<id>/`, each self-contained.
    Build {
        store: Option<String>,
        #[arg(long, conflicts_with = "store")]
        all: bool,
    },
    /// Every resolved file of a store, or one, with the layer it comes from.
    Explain { store: String, path: Option<String> },
    /// Scaffold a new store and its cargo features.
    New {
        store: String,
        #[arg(long)]
        extends: String,
    },
    /// The stores a change since a git ref affects: `<id><TAB><reason>` per line.
    Changed {
        #[arg(long)]
        since: String,
    },
    /// Install what is missing and stop.
    Setup {
        /// Also install what the browser tests need (Chromium, Playwright).
        #[arg(long)]
        browsers: bool,
    },
    /// Release builds, a large catalog and load tests of one store's pages, every store's
    /// bundle sizes and the query timings, against their budgets (target/bench/report.md).
    Bench {
        #[arg(default_value = "default")]
        store: String,
        #[arg(long, default_value_t = 100_000)]
        products: usize,
        /// Seconds of load per page.
        #[arg(long, default_value_t = 10)]
        seconds: u32,
        #[arg(long, default_value_t = 64)]
        connections: u32,
        /// Run the store on a throwaway PostgreSQL instead of the SQLite file, and compare
        /// one replica with two.
        #[arg(long)]
        postgres: bool,
    },
    /// List the stores, each with its chain.
    List,
    /// A store's coupons: `list`, `add CODE --percent N | --amount X [--from DAY]
    /// [--until DAY]`, `remove CODE`.
    Coupons {
        store: String,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        args: Vec<String>,
    },
    /// Move an order on: `ship`, `deliver`, `cancel` (its stock goes back) or `pay`. The
    /// shopper is emailed (through the store's outbox, sent by its server).
    Order {
        number: String,
        #[arg(value_parser = ["pay", "ship", "deliver", "cancel"])]
        action: String,
        /// The store the order was placed in.
        #[arg(long, default_value = "default")]
        store: String,
    },
    /// Bring a catalog file into the database: Shopify's product CSV export, or our own
    /// JSON lines (`.jsonl`, as `export` writes). Every problem is reported first (file,
    /// line, column); nothing is written if there is an error.
    Import {
        file: std::path::PathBuf,
        /// The catalog to fill (default: the store's).
        #[arg(long)]
        catalog: Option<String>,
        /// The prices' currency (default: that of a store selling the catalog).
        #[arg(long)]
        currency: Option<String>,
        /// `shopify` or `jsonl` (default: by the file's extension).
        #[arg(long)]
        format: Option<String>,
        /// Shopify's CSV: the column categories come from (default `Type`; `Product
        /// Category` paths give their last part).
        #[arg(long)]
        category_column: Option<String>,
        /// Only check the file and say what would change.
        #[arg(long)]
        dry_run: bool,
        /// Stop selling the catalog's products that the file no longer has.
        #[arg(long)]
        retire: bool,
        /// The store whose database and catalog are meant.
        #[arg(long, default_value = "default")]
        store: String,
    },
    /// Write a catalog in our own format (JSON lines), its photos in `images/` beside it.
    Export {
        #[arg(long)]
        output: std::path::PathBuf,
        #[arg(long)]
        catalog: Option<String>,
        #[arg(long)]
        currency: Option<String>,
        #[arg(long, default_value = "default")]
        store: String,
    },
    /// Replace the catalog in the database with a generated one, with the demo coupons.
    Seed {
        #[arg(long, default_value_t = 240)]
        products: usize,
    },
}

fn main() -> ExitCode {
    // cargo passes its subcommand name first when run as `cargo-store store …`.
    let args = std::env::args()
        .enumerate()
        .filter(|(i, a)| !(*i == 1 && a == "store"))
        .map(|(_, a)| a);
    let cli = Cli::parse_from(args);
    cli::forget_own_package();
    let result = match cli.command {
        Command::Dev { store } => cli::dev(store.as_deref().unwrap_or("default")),
        Command::Test { store, all: _ } => cli::test(store.as_deref()),
        Command::Build { store, all } => {
            if store.is_none() && !all {
                Err(cli::CliError::Other("name a store or pass --all".into()))
            } else {
                cli::build_all(store.as_deref())
            }
        }
        Command::Explain { store, path } => cli::explain(&store, path.as_deref()),
        Command::New { store, extends } => cli::new(&store, &extends),
        Command::Changed { since } => cli::changed(&since),
        Command::Setup { browsers } => cli::setup(browsers),
        Command::Bench {
            store,
            products,
            seconds,
            connections,
            postgres,
        } => cli::bench(cli::BenchOptions {
            store,
            products,
            seconds,
            connections,
            postgres,
        }),
        Command::List => cli::list(),
        Command::Seed { products } => cli::seed(products),
        Command::Coupons { store, args } => cli::coupons(&store, &args),
        Command::Order { number, action, store } => cli::catalog_file(&store, "order", &[number, action]),
        Command::Import {
            file,
            catalog,
            currency,
            format,
            category_column,
            dry_run,
            retire,
            store,
        } => {
            let mut args = vec![cli::absolute(&file)];
            args.extend(cli::flag("--catalog", catalog));
            args.extend(cli::flag("--currency", currency));
            args.extend(cli::flag("--format", format));
            args.extend(cli::flag("--category-column", category_column));
            args.extend(dry_run.then(|| "--dry-run".to_string()));
            args.extend(retire.then(|| "--retire".to_string()));
            cli::catalog_file(&store, "import", &args)
        }
        Command::Export {
            output,
            catalog,
            currency,
            store,
        } => {
            let mut args = vec!["--output".to_string(), cli::absolute(&output)];
            args.extend(cli::flag("--catalog", catalog));
            args.extend(cli::flag("--currency", currency));
            cli::catalog_file(&store, "export", &args)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
