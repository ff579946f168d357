#![cfg(feature = "quick-order")]
//! Quick order (the `quick-order` capability): SKUs and quantities typed in, checked
//! against the store's catalog, stock and prices.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::QuoteLine;

#[server(endpoint = "quick-order", input = GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug"))]
pub async fn get_quick_order(lines: String) -> Result<Vec<QuoteLine>, ServerFnError> {
    use super::context::{handle, internal, prices_visible};
    use crate::model::WithholdPrices;
    use crate::model::parse_lines;

    let parsed = parse_lines(&lines);
    let skus: Vec<String> = parsed.iter().filter_map(|l| l.as_ref().ok().map(|l| l.sku.clone())).collect();
    let h = handle()?;
    let found = h.commerce.variants_by_sku(&h.scope, &skus).await.map_err(internal)?;
    let mut quote: Vec<QuoteLine> = parsed
        .into_iter()
        .map(|line| match line {
            Err(message) => QuoteLine { input: message.split(':').next().unwrap_or_default().to_string(), outcome: Err(message) },
            Ok(line) => {
                let input = format!("{} {}", line.sku, line.quantity);
                let outcome = match found.iter().find(|m| m.sku == line.sku) {
                    None => Err(format!("{}: no such SKU in this store", line.sku)),
                    Some(m) if m.stock.orderable() < line.quantity => {
                        Err(format!("{}: only {} in stock", line.sku, m.stock.orderable()))
                    }
                    Some(m) => match m.price.checked_mul(i64::from(line.quantity)) {
                        Ok(total) => Ok((m.clone(), line.quantity, total)),
                        Err(e) => Err(format!("{}: {e}", line.sku)),
                    },
                };
                QuoteLine { input, outcome }
            }
        })
        .collect();
    if !prices_visible().await? {
        quote.withhold_prices();
    }
    Ok(quote)
}
