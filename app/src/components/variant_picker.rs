use leptos::prelude::*;

use crate::model::{Product, Variant};
use crate::i18n::t;

/// One row of choices per option axis. Each choice is a link to the same page with that
/// option set in the URL; combinations that do not exist or are sold out are marked.
#[component]
pub fn VariantPicker(
    product: Product,
    selected: Variant,
    href: impl Fn(&[(String, String)]) -> String,
) -> impl IntoView {
    product
        .options
        .iter()
        .map(|axis| {
            let current = selected.option(&axis.name).unwrap_or_default().to_string();
            let label = axis.label.clone();
            let choices = axis
                .values
                .iter()
                .map(|value| {
                    // The variant this choice leads to, keeping the other options.
                    let mut wanted = selected.options.clone();
                    if let Some(slot) = wanted.iter_mut().find(|(a, _)| a == &axis.name) {
                        slot.1 = value.clone();
                    }
                    let target = product.variants.iter().find(|v| v.options == wanted);
                    let available = target.is_some_and(|v| v.stock.is_available());
                    let is_current = *value == current;
                    let style = match (is_current, available) {
                        (true, _) => "border-ink bg-ink text-surface",
                        (false, true) => "border-line hover:border-ink",
                        (false, false) => "border-line text-ink-soft line-through",
                    };
                    view! {
                        <li>
                            <a
                                href=href(&wanted)
                                aria-current=is_current.then_some("true")
                                aria-label=format!("{label} {value}{}", if available { String::new() } else { format!(" {}", t::sold_out()) })
                                class=format!("block min-w-11 rounded-theme border px-3 py-2 text-center text-sm {style}")
                                data-option=axis.name.clone()
                                data-value=value.clone()
                            >
                                {value.clone()}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="mt-4">
                    <legend class="mb-2 text-sm font-semibold">
                        {label.clone()} ": " <span class="font-normal" data-testid=format!("selected-{}", axis.name)>{current.clone()}</span>
                    </legend>
                    <ul class="flex flex-wrap gap-2">{choices}</ul>
                </fieldset>
            }
        })
        .collect_view()
}
