//! Handles a backend issued for things it keeps: opaque strings the storefront stores
//! and hands back, never parses. Our SQL backend writes its row ids into them; a
//! platform may write its own ids or the session token it identifies a shopper by, so
//! carts and customers are kept server-side (in the session or a signed cookie) and
//! never put in a page; an address's id is, in its own edit link, to its owner only.

use serde::{Deserialize, Serialize};

/// Longer than any platform's ids or tokens (Vendure's session tokens are 64 hex digits).
pub const MAX_HANDLE_LEN: usize = 256;

macro_rules! handle {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(handle: impl Into<String>) -> Self {
                $name(handle.into())
            }

            /// A handle that came back from a form: printable ASCII of a sane length, or none.
            pub fn parse(input: &str) -> Option<Self> {
                let ok = (1..=MAX_HANDLE_LEN).contains(&input.len()) && input.bytes().all(|b| b.is_ascii_graphic());
                ok.then(|| $name(input.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

handle!(
    /// Who a signed-in shopper is to the backend.
    CustomerId
);
handle!(
    /// A cart the backend keeps (a platform's active order).
    CartId
);
handle!(
    /// An entry of a customer's address book.
    AddressId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_from_forms_are_printable_and_bounded() {
        assert_eq!(AddressId::parse("42").map(|a| a.to_string()), Some("42".into()));
        for bad in ["", "4 2", "4\n2", "ä", &"x".repeat(MAX_HANDLE_LEN + 1)] {
            assert_eq!(AddressId::parse(bad), None, "{bad:?}");
        }
    }
}
