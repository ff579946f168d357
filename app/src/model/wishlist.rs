//! The saved-products list of the `wishlist` capability, kept in a cookie until accounts
//! arrive, so it needs no session and works without JavaScript.

pub const MAX_SAVED: usize = 50;

/// Product slugs, newest first. Parsing drops anything that is not a slug, so a tampered
/// cookie cannot smuggle text into queries or pages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wishlist(Vec<String>);

impl Wishlist {
    /// Reads the cookie `name` (the store's, see `StoreDef::cookie_name`) out of a
    /// `Cookie` header value.
    pub fn from_cookie_header(header: &str, name: &str) -> Self {
        let value = header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(cookie, _)| *cookie == name)
            .map(|(_, v)| v)
            .unwrap_or_default();
        let mut slugs: Vec<String> = Vec::new();
        for slug in value.split('.').filter(|s| is_slug(s)) {
            if !slugs.iter().any(|s| s == slug) && slugs.len() < MAX_SAVED {
                slugs.push(slug.to_string());
            }
        }
        Wishlist(slugs)
    }

    pub fn slugs(&self) -> &[String] {
        &self.0
    }

    pub fn contains(&self, slug: &str) -> bool {
        self.0.iter().any(|s| s == slug)
    }

    /// Adds a slug at the front or removes it; returns whether it is saved now.
    pub fn toggle(&mut self, slug: &str) -> bool {
        if let Some(i) = self.0.iter().position(|s| s == slug) {
            self.0.remove(i);
            return false;
        }
        self.0.insert(0, slug.to_string());
        self.0.truncate(MAX_SAVED);
        true
    }

    /// The `Set-Cookie` value of cookie `name`: a year long, sent back on same-site
    /// navigations only, over HTTPS only when `secure`.
    pub fn to_set_cookie(&self, name: &str, secure: bool) -> String {
        let secure = if secure { "; Secure" } else { "" };
        format!("{name}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", self.0.join("."))
    }
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.len() <= 120 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// A tampered cookie yields slugs only, never more than the limit, and a cookie
        /// that is a valid header again.
        #[test]
        fn any_cookie_header_yields_only_slugs(header in ".{0,400}") {
            let w = Wishlist::from_cookie_header(&header, "wishlist");
            proptest::prop_assert!(w.slugs().len() <= MAX_SAVED && w.slugs().iter().all(|s| is_slug(s)));
            proptest::prop_assert!(http::HeaderValue::from_str(&w.to_set_cookie("wishlist", true)).is_ok());
        }
    }

    use super::*;

    #[test]
    fn reads_its_cookie_among_others() {
        let w = Wishlist::from_cookie_header(
            "theme=dark; wishlist-x=a-1; wishlist=linen-shirt-4.oxford-shirt-9; other=1",
            "wishlist",
        );
        assert_eq!(w.slugs(), ["linen-shirt-4", "oxford-shirt-9"]);
    }

    #[test]
    fn drops_what_is_not_a_slug_and_duplicates() {
        let w = Wishlist::from_cookie_header("wishlist=ok-1.<script>.OK-2.ok-1..x%20y", "wishlist");
        assert_eq!(w.slugs(), ["ok-1"]);
    }

    #[test]
    fn toggles_newest_first_and_caps_the_length() {
        let mut w = Wishlist::default();
        assert!(w.toggle("a"));
        assert!(w.toggle("b"));
        assert_eq!(w.slugs(), ["b", "a"]);
        assert!(!w.toggle("a"));
        assert_eq!(w.slugs(), ["b"]);
        for i in 0..60 {
            w.toggle(&format!("p-{i}"));
        }
        assert_eq!(w.slugs().len(), MAX_SAVED);
        assert!(w.to_set_cookie("wishlist", false).starts_with("wishlist=p-59.p-58."));
        assert!(w.to_set_cookie("__Host-wishlist-x", true).ends_with("; Secure"));
    }
}
