use leptos::prelude::*;

use crate::model::Image;
use crate::i18n::t;

/// How wide the main picture shows: half the page beside the details, else all of it.
const SIZES: &str = "(min-width: 768px) 50vw, 100vw";
/// Thumbnails: a third of the picture's column.
const THUMB_SIZES: &str = "(min-width: 768px) 16vw, 33vw";

/// A large image with thumbnails when there is more than one. Thumbnails are links
/// carrying the view in the URL, so the choice survives a reload and works without
/// JavaScript.
#[component]
pub fn Gallery(images: Vec<Image>, selected: usize, view_href: impl Fn(usize) -> String) -> impl IntoView {
    let selected = selected.min(images.len().saturating_sub(1));
    let main = images.get(selected).cloned();
    view! {
        <div class="space-y-3" data-testid="gallery">
            {main.map(|img| view! {
                <div class="aspect-square overflow-hidden rounded-theme bg-muted">
                    <img src=img.url srcset=img.srcset sizes=SIZES alt=img.alt width=img.width.unwrap_or(800) height=img.height.unwrap_or(800) fetchpriority="high" class="h-full w-full object-cover" />
                </div>
            })}
            {(images.len() > 1).then(|| view! {
                <ul class="grid grid-cols-3 gap-3" aria-label=t::gallery_label()>
                    {images
                        .into_iter()
                        .enumerate()
                        .map(|(i, img)| {
                            let ring = if i == selected { "ring-2 ring-brand" } else { "ring-1 ring-line" };
                            view! {
                                <li>
                                    <a
                                        href=view_href(i)
                                        aria-current=(i == selected).then_some("true")
                                        aria-label=t::gallery_show(i + 1)
                                        class=format!("block aspect-square overflow-hidden rounded-theme bg-muted {ring}")
                                    >
                                        <img src=img.url srcset=img.srcset sizes=THUMB_SIZES alt="" width=img.width.unwrap_or(200) height=img.height.unwrap_or(200) loading="lazy" class="h-full w-full object-cover" />
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            })}
        </div>
    }
}
