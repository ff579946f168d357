//! What the load tests request: the URLs found by following the store's own links (and
//! its sitemap), the shoppers sending them (anonymous, a guest with a cart, a signed-in
//! customer) and the wrk scripts that send them.

use super::super::CliError;
use super::http;

/// Who sends a load test's requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shopper {
    Anonymous,
    /// A guest with a line in their cart (its cookie).
    GuestCart,
    /// A registered customer's session cookie.
    SignedIn,
}

impl Shopper {
    pub fn label(self) -> &'static str {
        match self {
            Shopper::Anonymous => "anonymous",
            Shopper::GuestCart => "guest with a cart",
            Shopper::SignedIn => "signed in",
        }
    }
}

/// One load test.
pub struct Target {
    pub name: &'static str,
    pub shopper: Shopper,
    /// What the report shows: the path, or (not a path) how the script chooses them.
    pub url: String,
    /// The wrk script, when requests are not plain anonymous GETs of `url`.
    pub script: Option<String>,
    /// Whether the page's first request on the fresh server is timed alone.
    pub first_request: bool,
    /// Every request a first render: these URLs in turn (thousands, none requested twice)
    /// rather than one; empty for the others.
    pub paths: Vec<String>,
}

impl Target {
    /// The URL path wrk is given: the page's, or any for a script that picks its own.
    pub fn wrk_path(&self) -> &str {
        if self.url.starts_with('/') {
            &self.url
        } else {
            "/"
        }
    }
}

/// The catalog pages measured three ways, by what they are called in the report.
pub const CATALOG_PAGES: [&str; 4] = ["home", "category + facet", "product", "search"];
/// The rows of predictive search (`/api/suggest`), which has a budget of its own.
pub const SUGGESTIONS: [&str; 2] = ["search suggestions", "search suggestions, first answer"];

/// The URLs under test.
pub struct Pages {
    pub category: String,
    pub product: String,
    pub search: String,
    sku: String,
    /// A guest who already has the SKU in their cart.
    guest: String,
    /// A customer registered for the run.
    customer: String,
    categories: Vec<String>,
    /// Every product page, from the sitemap.
    products: Vec<String>,
    /// Words of product names, to search for.
    words: Vec<String>,
}

impl Pages {
    pub fn discover(addr: &str) -> Result<Pages, CliError> {
        let home = http::get(addr, "/", None)?.text();
        let categories: Vec<String> = home
            .split("href=\"/c/")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(|slug| format!("/c/{slug}"))
            .fold(Vec::new(), |mut seen, c| {
                if !seen.contains(&c) {
                    seen.push(c);
                }
                seen
            });
        let base = categories
            .first()
            .cloned()
            .ok_or_else(|| CliError::Other(format!("the home page on {addr} links no category")))?;
        let listing = http::get(addr, &base, None)?.text();
        let facet = facet_of(&listing).ok_or_else(|| CliError::Other(format!("{base} shows no facet")))?;
        let category = format!("{base}?{facet}");
        let product = after(&listing, "href=\"/p/", "\"")
            .map(|slug| format!("/p/{}", slug.split('?').next().unwrap_or(slug)))
            .ok_or_else(|| CliError::Other(format!("{base} lists no product")))?;
        let page = http::get(addr, &product, None)?.text();
        let sku = after(&page, "data-testid=\"sku\">", "<")
            .ok_or_else(|| CliError::Other(format!("{product} shows no SKU")))?
            .to_string();
        let products = sitemap_products(addr)?;
        let mut words: Vec<String> = products
            .iter()
            .flat_map(|p| {
                p.trim_start_matches("/p/")
                    .split('-')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.len() > 2 && !w.chars().all(|c| c.is_ascii_digit()))
            .collect();
        words.sort();
        words.dedup();
        let word = product
            .rsplit('-')
            .find(|w| w.len() > 2 && !w.chars().all(|c| c.is_ascii_digit()));
        let search = format!("/search?q={}", word.unwrap_or("a"));
        let (status, cookie) = http::post_form(addr, "/api/cart-add", &format!("sku={sku}&quantity=1"))?;
        let guest = cookie
            .filter(|_| status == 200)
            .ok_or_else(|| CliError::Other(format!("adding {sku} to a cart answered {status} without a cookie")))?;
        let email = format!("bench-{}@example.com", std::process::id());
        let form = format!(
            "name=Bench&email={}&password=correct+horse+battery",
            email.replace('@', "%40")
        );
        let (status, cookie) = http::post_form(addr, "/api/register", &form)?;
        let customer = cookie
            .filter(|_| status < 400)
            .ok_or_else(|| CliError::Other(format!("registering {email} answered {status} without a cookie")))?;
        Ok(Pages {
            category,
            product,
            search,
            sku,
            guest,
            customer,
            categories,
            products,
            words,
        })
    }

    pub fn first_category(addr: &str) -> Result<String, CliError> {
        let home = http::get(addr, "/", None)?.text();
        after(&home, "href=\"/c/", "\"")
            .map(|slug| format!("/c/{slug}"))
            .ok_or_else(|| CliError::Other(format!("the home page on {addr} links no category")))
    }

    pub fn targets(&self) -> Vec<Target> {
        let mut targets = Vec::new();
        let catalog = [
            ("/".to_string(), CATALOG_PAGES[0]),
            (self.category.clone(), CATALOG_PAGES[1]),
            (self.product.clone(), CATALOG_PAGES[2]),
            (self.search.clone(), CATALOG_PAGES[3]),
        ];
        for (path, name) in catalog {
            for shopper in [Shopper::Anonymous, Shopper::GuestCart, Shopper::SignedIn] {
                targets.push(Target {
                    name,
                    shopper,
                    script: self.cookie_of(shopper).map(cookie_script),
                    url: path.clone(),
                    first_request: shopper == Shopper::Anonymous,
                    paths: Vec::new(),
                });
            }
        }
        for (name, path) in [("cart page", "/cart"), ("checkout page", "/checkout")] {
            targets.push(Target {
                name,
                shopper: Shopper::GuestCart,
                url: path.into(),
                script: Some(cookie_script(&self.guest)),
                first_request: false,
                paths: Vec::new(),
            });
        }
        for (name, url, paths) in [
            (
                "product, first render",
                "every product page (sitemap)".to_string(),
                self.products.clone(),
            ),
            (
                "category + filter, first render",
                "every category × sort × 1,000 price ranges".to_string(),
                self.listings(),
            ),
            (
                "search, first render",
                "product-name words × sorts × 200 price ranges".into(),
                self.searches(),
            ),
        ] {
            targets.push(Target {
                name,
                shopper: Shopper::Anonymous,
                url,
                script: None,
                first_request: false,
                paths,
            });
        }
        let typed: String = self.search.trim_start_matches("/search?q=").chars().take(4).collect();
        targets.push(Target {
            name: SUGGESTIONS[0],
            shopper: Shopper::Anonymous,
            url: format!("/api/suggest?q={typed}"),
            script: None,
            first_request: true,
            paths: Vec::new(),
        });
        targets.push(Target {
            name: SUGGESTIONS[1],
            shopper: Shopper::Anonymous,
            url: "every start of every product-name word, and each word mistyped".into(),
            script: None,
            first_request: false,
            paths: self.suggestions(),
        });
        targets.push(Target {
            name: "mixed journey",
            shopper: Shopper::GuestCart,
            url: "home → category → facet → product → add → cart → checkout".into(),
            script: Some(self.journey_script()),
            first_request: false,
            paths: Vec::new(),
        });
        // A new visitor adding one item: the cart and its line are written.
        targets.push(Target {
            name: "add to cart",
            shopper: Shopper::Anonymous,
            url: "/api/cart-add".into(),
            script: Some(self.post_script(None)),
            first_request: false,
            paths: Vec::new(),
        });
        // A shopper changing a line of their cart (setting, so it never runs out of stock).
        targets.push(Target {
            name: "cart update",
            shopper: Shopper::GuestCart,
            url: "/api/cart-update".into(),
            script: Some(self.post_script(Some(&self.guest))),
            first_request: false,
            paths: Vec::new(),
        });
        targets
    }

    fn cookie_of(&self, shopper: Shopper) -> Option<&str> {
        match shopper {
            Shopper::Anonymous => None,
            Shopper::GuestCart => Some(&self.guest),
            Shopper::SignedIn => Some(&self.customer),
        }
    }

    /// Distinct listings: every category in every order, filtered by many price ranges.
    fn listings(&self) -> Vec<String> {
        let mut urls = Vec::new();
        for lo in 0..1000 {
            for sort in SORTS {
                for c in &self.categories {
                    urls.push(format!("{c}?sort={sort}&price={lo}-{}", lo + 150));
                }
            }
        }
        urls
    }

    fn searches(&self) -> Vec<String> {
        let mut urls = Vec::new();
        for lo in 0..200 {
            for sort in SORTS {
                for w in &self.words {
                    urls.push(format!("/search?q={w}&sort={sort}&price={lo}-{}", lo + 300));
                }
            }
        }
        urls.truncate(MAX_URLS);
        urls
    }

    /// What a shopper types into the search box, each once: every start (two letters
    /// on) of every product-name word, and each longer word with two letters swapped.
    fn suggestions(&self) -> Vec<String> {
        let mut texts = std::collections::BTreeSet::new();
        for word in &self.words {
            let chars: Vec<char> = word.chars().collect();
            for end in 2..=chars.len() {
                texts.insert(chars[..end].iter().collect::<String>());
            }
            if chars.len() >= 4 && chars[1] != chars[2] {
                let mut swapped = chars.clone();
                swapped.swap(1, 2);
                texts.insert(swapped.into_iter().collect::<String>());
            }
        }
        texts
            .into_iter()
            .take(MAX_URLS)
            .map(|t| format!("/api/suggest?q={t}"))
            .collect()
    }

    pub fn post_script(&self, cookie: Option<&str>) -> String {
        let cookie = cookie.map(cookie_script).unwrap_or_default();
        format!(
            "wrk.method = \"POST\"\nwrk.body = \"sku={}&quantity=1\"\n\
             wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n\
             wrk.headers[\"Accept\"] = \"application/json\"\n{cookie}",
            self.sku
        )
    }

    /// Each round, per wrk thread: a shopper with the last round's cart browses, a new
    /// visitor adds to a cart, then opens it and the checkout with its cookie.
    fn journey_script(&self) -> String {
        format!(
            r#"local steps = {{
  {{ "GET", "/" }}, {{ "GET", "{base}" }}, {{ "GET", "{category}" }}, {{ "GET", "{product}" }},
  {{ "POST", "/api/cart-add", "sku={sku}&quantity=1" }}, {{ "GET", "/cart" }}, {{ "GET", "/checkout" }},
}}
local step = 0
local cookie = "{guest}"
request = function()
  step = step % #steps + 1
  local s = steps[step]
  if s[1] == "POST" then
    return wrk.format("POST", s[2], {{
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Accept"] = "application/json",
      ["Accept-Encoding"] = "{accept}",
    }}, s[3])
  end
  return wrk.format("GET", s[2], {{ ["Cookie"] = cookie, ["Accept-Encoding"] = "{accept}" }})
end
response = function(status, headers, body)
  for name, value in pairs(headers) do
    if string.lower(name) == "set-cookie" then
      cookie = string.match(value, "^[^;]+")
    end
  end
end
"#,
            base = self.category.split('?').next().unwrap_or_default(),
            category = self.category,
            product = self.product,
            sku = self.sku,
            guest = self.guest,
            accept = super::load::BROWSER_ACCEPT_ENCODING,
        )
    }
}

const SORTS: [&str; 4] = ["relevance", "price-asc", "price-desc", "newest"];
/// More URLs than a first-render run requests at thousands a second for its seconds.
const MAX_URLS: usize = 120_000;

fn cookie_script(cookie: &str) -> String {
    format!("wrk.headers[\"Cookie\"] = \"{cookie}\"\n")
}

/// GETs of the paths in `file` (one a line) in turn, each of wrk's two threads taking
/// every other one, so no path is requested twice until all have been.
pub fn paths_script(file: &std::path::Path) -> String {
    format!(
        "local paths = {{}}\nfor line in io.lines({:?}) do paths[#paths + 1] = line end\n\
         local threads = 0\nfunction setup(thread)\n  thread:set(\"first\", threads)\n  threads = threads + 1\nend\n\
         local i = nil\nrequest = function()\n  i = (i or first) + 2\n  return wrk.format(\"GET\", paths[i % #paths + 1])\nend\n",
        file.display().to_string()
    )
}

/// The lines of a paths file (at most [`MAX_URLS`]).
pub fn paths_file(paths: &[String]) -> String {
    paths.iter().take(MAX_URLS).map(|p| format!("{p}\n")).collect()
}

/// Every product page the sitemap lists (an index of files past its file size).
fn sitemap_products(addr: &str) -> Result<Vec<String>, CliError> {
    let index = http::get(addr, "/sitemap.xml", None)?.text();
    let mut xml = vec![index.clone()];
    for loc in locs(&index).filter(|l| l.contains("/sitemap/")) {
        let path = &loc[loc.find("/sitemap/").unwrap_or(0)..];
        xml.push(http::get(addr, path, None)?.text());
    }
    let mut products: Vec<String> = xml
        .iter()
        .flat_map(|x| {
            locs(x)
                .filter_map(|l| l.find("/p/").map(|at| l[at..].to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    products.dedup();
    if products.is_empty() {
        return Err(CliError::Other("the sitemap lists no product".into()));
    }
    Ok(products)
}

fn locs(xml: &str) -> impl Iterator<Item = &str> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split("</loc>").next())
}

/// The first facet checkbox of a listing as `name=value`.
fn facet_of(html: &str) -> Option<String> {
    let tag = html
        .split("<input")
        .skip(1)
        .find(|t| t.contains("id=\"f-") && t.contains("type=\"checkbox\""))?;
    let tag = &tag[..tag.find('>')?];
    let name = after(tag, "name=\"", "\"")?;
    let value = after(tag, "value=\"", "\"")?;
    Some(format!("{name}={}", value.replace(' ', "+")))
}

/// The text between the first `start` and the next `end`.
fn after<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_facet_checkbox() {
        let html =
            r#"<select id="sort"></select><input type="checkbox" id="f-color-sky-blue" name="color" value="Sky Blue">"#;
        assert_eq!(facet_of(html).as_deref(), Some("color=Sky+Blue"));
    }

    #[test]
    fn a_paths_script_reads_its_file() {
        assert_eq!(paths_file(&["/p/a".into(), "/p/b".into()]), "/p/a\n/p/b\n");
        let lua = paths_script(std::path::Path::new("/tmp/paths.txt"));
        assert!(lua.contains("io.lines(\"/tmp/paths.txt\")"), "{lua}");
    }

    #[test]
    fn a_script_that_picks_its_paths_gets_the_root() {
        let target = |url: &str| Target {
            name: "x",
            shopper: Shopper::Anonymous,
            url: url.into(),
            script: None,
            first_request: false,
            paths: Vec::new(),
        };
        assert_eq!(target("/c/women?color=Navy").wrk_path(), "/c/women?color=Navy");
        assert_eq!(target("home → cart").wrk_path(), "/");
    }

    #[test]
    fn sitemap_locations_are_read() {
        let xml = "<urlset><url><loc>https://shop.example/p/a</loc></url><url><loc>https://shop.example/c/b</loc></url></urlset>";
        assert_eq!(
            locs(xml).collect::<Vec<_>>(),
            ["https://shop.example/p/a", "https://shop.example/c/b"]
        );
    }
}
