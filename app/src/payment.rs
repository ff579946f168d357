//! Payment providers. Both are offline: nothing calls out of the machine. A real
//! provider implements the same trait and is chosen in `providers`.
#![cfg(feature = "ssr")]

use crate::model::{Authorization, Money, PaymentMethod, Settlement};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("the card number is not valid")]
    InvalidCard,
    #[error("the card was declined")]
    Declined,
}

pub trait PaymentProvider: Send + Sync {
    fn method(&self) -> PaymentMethod;
    /// Reserves `amount`; `card` is the number typed in, for card providers.
    fn authorize(&self, amount: Money, card: Option<&str>) -> Result<Authorization, PaymentError>;
    /// Checks what the shopper typed and leaves taking `amount` to a backend that takes
    /// payments itself: a declining card is declined by the backend, at "place order".
    fn hand_over(&self, amount: Money, card: Option<&str>) -> Result<Authorization, PaymentError>;
}

/// Our provider authorizes, or, for a backend that takes payments, only checks.
pub fn take(
    method: PaymentMethod,
    amount: Money,
    card: Option<&str>,
    backend_takes_payment: bool,
) -> Result<Authorization, PaymentError> {
    let provider = provider(method);
    if backend_takes_payment {
        provider.hand_over(amount, card)
    } else {
        provider.authorize(amount, card)
    }
}

/// Pay by invoice: always accepted, settled outside the shop.
pub struct Invoice;

impl PaymentProvider for Invoice {
    fn method(&self) -> PaymentMethod {
        PaymentMethod::Invoice
    }

    fn authorize(&self, amount: Money, _card: Option<&str>) -> Result<Authorization, PaymentError> {
        Ok(Authorization {
            method: PaymentMethod::Invoice,
            reference: "invoice".into(),
            amount_minor: amount.minor,
            settlement: Settlement::Authorized,
        })
    }

    fn hand_over(&self, amount: Money, card: Option<&str>) -> Result<Authorization, PaymentError> {
        let settlement = Settlement::ByBackend { test_decline: false };
        Ok(Authorization { settlement, ..self.authorize(amount, card)? })
    }
}

/// A test card processor: any number passing the Luhn check is accepted, except
/// [`TestCard::DECLINED`], which is declined as a real processor might.
pub struct TestCard;

impl TestCard {
    pub const DECLINED: &'static str = "4000000000000002";
}

impl PaymentProvider for TestCard {
    fn method(&self) -> PaymentMethod {
        PaymentMethod::Card
    }

    fn authorize(&self, amount: Money, card: Option<&str>) -> Result<Authorization, PaymentError> {
        let checked = self.hand_over(amount, card)?;
        if checked.settlement == (Settlement::ByBackend { test_decline: true }) {
            return Err(PaymentError::Declined);
        }
        Ok(Authorization { settlement: Settlement::Authorized, ..checked })
    }

    fn hand_over(&self, amount: Money, card: Option<&str>) -> Result<Authorization, PaymentError> {
        let digits: String = card.unwrap_or_default().chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if !(12..=19).contains(&digits.len()) || !luhn(&digits) {
            return Err(PaymentError::InvalidCard);
        }
        Ok(Authorization {
            method: PaymentMethod::Card,
            reference: format!("card ···· {}", &digits[digits.len() - 4..]),
            amount_minor: amount.minor,
            settlement: Settlement::ByBackend { test_decline: digits == Self::DECLINED },
        })
    }
}

fn provider(method: PaymentMethod) -> &'static dyn PaymentProvider {
    match method {
        PaymentMethod::Invoice => &Invoice,
        PaymentMethod::Card => &TestCard,
    }
}

fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else { return false };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    #[test]
    fn the_test_card_accepts_valid_numbers_and_declines_the_known_one() {
        let usd = Money::new(1000, Currency::parse("USD").unwrap());
        let ok = TestCard.authorize(usd, Some("4242 4242 4242 4242")).unwrap();
        assert_eq!(ok.reference, "card ···· 4242");
        assert_eq!(ok.amount_minor, 1000);
        assert_eq!(TestCard.authorize(usd, Some(TestCard::DECLINED)), Err(PaymentError::Declined));
        assert_eq!(TestCard.authorize(usd, Some("4242 4242 4242 4241")), Err(PaymentError::InvalidCard));
        assert_eq!(TestCard.authorize(usd, None), Err(PaymentError::InvalidCard));
        assert!(Invoice.authorize(usd, None).is_ok());
    }

    #[test]
    fn a_backend_that_takes_payments_gets_the_card_checked_and_declines_it_itself() {
        let usd = Money::new(1000, Currency::parse("USD").unwrap());
        let declining = take(PaymentMethod::Card, usd, Some(TestCard::DECLINED), true).unwrap();
        assert_eq!(declining.settlement, Settlement::ByBackend { test_decline: true });
        assert_eq!(declining.reference, "card ···· 0002");
        let good = take(PaymentMethod::Card, usd, Some("4242424242424242"), true).unwrap();
        assert_eq!(good.settlement, Settlement::ByBackend { test_decline: false });
        assert_eq!(take(PaymentMethod::Card, usd, Some("1234"), true), Err(PaymentError::InvalidCard));
        let invoice = take(PaymentMethod::Invoice, usd, None, true).unwrap();
        assert_eq!(invoice.settlement, Settlement::ByBackend { test_decline: false });
        let ours = take(PaymentMethod::Card, usd, Some("4242424242424242"), false).unwrap();
        assert_eq!(ours.settlement, Settlement::Authorized);
    }
}
