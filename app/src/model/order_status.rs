//! Where an order is after it was placed, and the dated steps that brought it there.

use serde::{Deserialize, Serialize};

use crate::i18n::t;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderStatus {
    #[default]
    Placed,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}

/// One step of an order's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: OrderStatus,
    /// Unix seconds.
    pub at: i64,
}

/// Why an order did not move on; nothing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    #[error("there is no such order")]
    NotFound,
    #[error("an order that is {} cannot become {}", .from.as_str(), .to.as_str())]
    Transition { from: OrderStatus, to: OrderStatus },
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] = [
        OrderStatus::Placed,
        OrderStatus::Paid,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
    ];

    /// As stored and as typed on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Placed => "placed",
            OrderStatus::Paid => "paid",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// What the shopper reads, in the store's language.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Placed => t::order_status_placed(),
            OrderStatus::Paid => t::order_status_paid(),
            OrderStatus::Shipped => t::order_status_shipped(),
            OrderStatus::Delivered => t::order_status_delivered(),
            OrderStatus::Cancelled => t::order_status_cancelled(),
        }
    }

    /// The steps an order may take: paid, then shipped, then delivered; cancelled until
    /// it has shipped. Nothing comes after delivered or cancelled.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (Placed, Paid | Shipped | Cancelled) | (Paid, Shipped | Cancelled) | (Shipped, Delivered)
        )
    }

    /// Whether moving on to it gives the order's stock back.
    pub fn restocks(self) -> bool {
        self == OrderStatus::Cancelled
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn orders_move_forward_and_stop_at_the_end() {
        assert!(Placed.can_become(Shipped) && Shipped.can_become(Delivered));
        assert!(Placed.can_become(Cancelled) && Paid.can_become(Cancelled));
        assert!(!Shipped.can_become(Cancelled), "a parcel on its way is not cancelled here");
        for end in [Delivered, Cancelled] {
            assert!(OrderStatus::ALL.iter().all(|s| !end.can_become(*s)), "{end:?} is final");
        }
        assert!(OrderStatus::ALL.iter().all(|s| !s.can_become(*s)));
        assert!(!Placed.can_become(Placed) && !Shipped.can_become(Paid));
    }

    #[test]
    fn statuses_read_back_from_their_names() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(OrderStatus::parse("Shipped"), None);
    }
}
