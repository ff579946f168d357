use leptos::prelude::*;

use crate::i18n::t;

/// The error of a form's last submit: from the action with JavaScript, from the
/// redirect's query without it (the server hands it to the action).
#[component]
pub fn FormError<T: Send + Sync + 'static>(value: Signal<Option<Result<T, ServerFnError>>>) -> impl IntoView {
    move || {
        value.with(|v| match v {
            Some(Err(e)) => Some(view! {
                <p role="alert" class="rounded-theme border border-danger px-3 py-2 text-sm text-danger" data-testid="form-error">
                    {shopper_message(e)}
                </p>
            }),
            _ => None,
        })
    }
}

/// The message a server function meant for the shopper, without the framework's prefix;
/// anything else is ours, and stays vague.
pub fn shopper_message(e: &ServerFnError) -> String {
    match e {
        ServerFnError::ServerError(message) => message.clone(),
        _ => t::error_title().to_string(),
    }
}
