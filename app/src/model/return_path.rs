//! Where to send a shopper after signing in or registering: a path on this site, or
//! the account page. The value comes from the URL (`?next=`), so anyone can choose it.

/// A path on this site that is safe to put in a `Location` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnPath(String);

impl ReturnPath {
    /// Longer than any page of ours with its filters; longer is abuse.
    pub const MAX_LEN: usize = 512;
    pub const DEFAULT: &'static str = "/account";

    /// The path if it can only mean this site, else [`Self::DEFAULT`]. Browsers drop
    /// tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` and
    /// `/\evil.example` both mean another host: only visible ASCII is accepted, which is
    /// also all a header value may hold.
    pub fn parse(next: Option<&str>) -> ReturnPath {
        let path = next.unwrap_or_default();
        let visible_ascii = path.bytes().all(|b| b.is_ascii_graphic());
        let own_site = path.starts_with('/') && !path.starts_with("//") && !path.contains('\\');
        if own_site && visible_ascii && path.len() <= Self::MAX_LEN {
            ReturnPath(path.to_string())
        } else {
            ReturnPath(Self::DEFAULT.to_string())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn own_paths_are_followed() {
        for good in ["/", "/c/women?color=Navy&x=1", "/p/linen-shirt?view=2", "/search?q=caf%C3%A9"] {
            assert_eq!(ReturnPath::parse(Some(good)).as_str(), good);
        }
    }

    #[test]
    fn anything_that_can_leave_the_site_falls_back() {
        let long = format!("/{}", "a".repeat(ReturnPath::MAX_LEN));
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example\t",
            "/\r\nSet-Cookie: a=b",
            "/\n/evil.example",
            "/ /evil.example",
            " /account",
            "javascript:alert(1)",
            "evil.example",
            "/caf\u{e9}",
            "/\u{0}",
            "/\u{7f}",
            long.as_str(),
        ] {
            assert_eq!(ReturnPath::parse(Some(bad)).as_str(), ReturnPath::DEFAULT, "{bad:?}");
        }
        assert_eq!(ReturnPath::parse(None).as_str(), ReturnPath::DEFAULT);
    }

    proptest! {
        /// Whatever comes in, what goes out is a header-safe path of this site.
        #[test]
        fn every_result_is_a_local_header_safe_path(next in any::<String>()) {
            let path = ReturnPath::parse(Some(&next));
            let s = path.as_str();
            prop_assert!(s.starts_with('/') && !s.starts_with("//") && !s.contains('\\'));
            prop_assert!(s.len() <= ReturnPath::MAX_LEN);
            prop_assert!(http::HeaderValue::from_str(s).is_ok());
        }

        #[test]
        fn local_paths_of_visible_ascii_are_kept(rest in "[a-zA-Z0-9/?=&%._~-]{0,100}") {
            let next = format!("/x{rest}");
            let parsed = ReturnPath::parse(Some(&next));
            prop_assert_eq!(parsed.as_str(), next.as_str());
        }
    }
}
