use serde::{Deserialize, Serialize};

use super::Money;

/// At most this many lines per quick order; more is a paste accident, not an order.
pub const MAX_LINES: usize = 100;
const MAX_QUANTITY: u32 = 9_999;

/// One line of a quick order as typed: `SKU quantity` (space, tab, comma or `;` between).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub sku: String,
    pub quantity: u32,
}

/// Parses the text area, one result per non-empty line, in order.
pub fn parse_lines(text: &str) -> Vec<Result<OrderLine, String>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_LINES)
        .map(|line| {
            let mut parts = line.split(|c: char| c.is_whitespace() || c == ',' || c == ';').filter(|p| !p.is_empty());
            // A line of separators only (`;`) names no SKU.
            let Some(sku) = parts.next().map(str::to_uppercase) else {
                return Err(format!("{line}: write a SKU and a quantity only"));
            };
            let quantity = match parts.next() {
                None => 1,
                Some(q) => match q.parse::<u32>() {
                    Ok(n) if (1..=MAX_QUANTITY).contains(&n) => n,
                    _ => return Err(format!("{line}: the quantity must be a whole number from 1 to {MAX_QUANTITY}")),
                },
            };
            if parts.next().is_some() {
                return Err(format!("{line}: write a SKU and a quantity only"));
            }
            Ok(OrderLine { sku, quantity })
        })
        .collect()
}

/// A variant found by SKU in the store's catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuMatch {
    pub sku: String,
    pub product_name: String,
    pub product_slug: String,
    pub price: Money,
    pub stock: super::Stock,
}

/// A checked quick-order line: what was asked and either the priced line or why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub input: String,
    pub outcome: Result<(SkuMatch, u32, Money), String>,
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn any_text_gives_one_result_per_line_up_to_the_limit(text in "(.{0,30}\n){0,150}") {
            let lines = parse_lines(&text);
            proptest::prop_assert!(lines.len() <= MAX_LINES);
            for line in lines.into_iter().flatten() {
                proptest::prop_assert!((1..=MAX_QUANTITY).contains(&line.quantity) && !line.sku.is_empty());
            }
        }
    }

    use super::*;

    #[test]
    fn reads_sku_and_quantity_in_any_separator() {
        let lines = parse_lines("ele-00001-gra 3\n\n ELE-00002-SIL,2\nELE-00003-MID;1\nELE-00004-ROS");
        let ok: Vec<OrderLine> = lines.into_iter().map(Result::unwrap).collect();
        assert_eq!(ok[0], OrderLine { sku: "ELE-00001-GRA".into(), quantity: 3 });
        assert_eq!(ok[1].quantity, 2);
        assert_eq!(ok[3].quantity, 1);
    }

    #[test]
    fn rejects_bad_quantities_and_extra_words() {
        let lines = parse_lines("A 0\nB -1\nC lots\nD 10000\nE 2 please");
        assert!(lines.iter().all(Result::is_err), "{lines:?}");
        assert!(lines[0].as_ref().unwrap_err().contains("1 to 9999"));
    }

    #[test]
    fn caps_the_number_of_lines() {
        let text = "X 1\n".repeat(MAX_LINES + 20);
        assert_eq!(parse_lines(&text).len(), MAX_LINES);
    }
}
