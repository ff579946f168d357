//! Availability as every backend can state it, with the number where it has one.

use serde::{Deserialize, Serialize};

use super::MAX_QUANTITY;

/// At or below this many, a counted stock shows as low.
pub const LOW_STOCK: i64 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Availability {
    InStock,
    Low,
    OutOfStock,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stock {
    pub availability: Availability,
    /// Units on hand, where the backend tells ([`crate::commerce::Capability::ExactStock`]).
    pub exact: Option<i64>,
}

impl Stock {
    /// A counted stock; its state follows from the count.
    pub fn counted(units: i64) -> Self {
        let availability = match units {
            ..=0 => Availability::OutOfStock,
            1..=LOW_STOCK => Availability::Low,
            _ => Availability::InStock,
        };
        Stock { availability, exact: Some(units.max(0)) }
    }

    /// A state without a number.
    pub fn state(availability: Availability) -> Self {
        Stock { availability, exact: None }
    }

    pub fn is_available(self) -> bool {
        self.availability != Availability::OutOfStock
    }

    /// The most a shopper may ask for at once: the count where known, else the cart's limit.
    pub fn orderable(self) -> u32 {
        match (self.availability, self.exact) {
            (Availability::OutOfStock, _) => 0,
            (_, Some(n)) => u32::try_from(n).unwrap_or(0).min(MAX_QUANTITY),
            (_, None) => MAX_QUANTITY,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_become_states_and_states_limit_what_is_orderable() {
        assert_eq!(Stock::counted(0).availability, Availability::OutOfStock);
        assert_eq!(Stock::counted(-3).exact, Some(0));
        assert_eq!(Stock::counted(LOW_STOCK).availability, Availability::Low);
        assert_eq!(Stock::counted(LOW_STOCK + 1).availability, Availability::InStock);
        assert_eq!(Stock::counted(3).orderable(), 3);
        assert_eq!(Stock::counted(10_000).orderable(), MAX_QUANTITY);
        assert_eq!(Stock::state(Availability::Low).orderable(), MAX_QUANTITY);
        assert_eq!(Stock::state(Availability::OutOfStock).orderable(), 0);
    }
}
