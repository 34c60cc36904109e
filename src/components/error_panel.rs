//! One failed call, explained: what obshell (or whatever answered) said, the facts needed to
//! look it up (errCode, HTTP status, duration, a copyable traceId) and what to do next.

use crate::client::ClientError;
use crate::components::copy_button::CopyButton;
use crate::i18n::fill;
use crate::state::use_ctx;
use leptos::prelude::*;

#[component]
pub fn ErrorPanel(#[prop(into)] error: Signal<ClientError>) -> impl IntoView {
    let ctx = use_ctx();
    let ui = ctx.ui;
    let t = move || ui.lang.get().texts();
    let message = move || error.with(|e| t().describe(e, ui.lang.get()));
    let next = move || error.with(|e| t().next_step(e.next_step()));
    let api = move || match error.get() {
        ClientError::Api(f) => Some(f),
        _ => None,
    };
    let snippet = move || match error.get() {
        ClientError::NotJson { snippet, .. } if !snippet.is_empty() => Some(snippet),
        _ => None,
    };
    let status = move || error.with(ClientError::status);

    view! {
        <div class="obp-error" role="alert" data-testid="error-panel">
            <p class="obp-error-title">
                <span class="obp-icon" aria-hidden="true">"⚠"</span>
                {move || t().error_title}
            </p>
            <p class="obp-error-message" data-testid="error-message">{message}</p>
            <dl class="obp-facts">
                {move || api().map(|f| view! {
                    <dt>{t().error_code}</dt>
                    <dd><code data-testid="error-code">{f.err_code.clone()}</code></dd>
                })}
                {move || status().map(|s| view! {
                    <dt>{t().http_status}</dt>
                    <dd data-testid="error-status">{s}</dd>
                })}
                {move || api().map(|f| view! {
                    <dt>{t().server_time}</dt>
                    <dd>{format!("{} ms", f.duration_ms)}</dd>
                })}
                {move || api().filter(|f| !f.trace_id.is_empty()).map(|f| {
                    let trace = f.trace_id.clone();
                    view! {
                        <dt>{t().trace_id}</dt>
                        <dd>
                            <code data-testid="error-trace">{trace.clone()}</code>
                            " "
                            <CopyButton text=trace />
                        </dd>
                    }
                })}
            </dl>
            {move || api().filter(|f| !f.sub_errors.is_empty()).map(|f| view! {
                <ul class="obp-sub-errors">
                    {f.sub_errors.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                </ul>
            })}
            {move || snippet().map(|s| view! {
                <details>
                    <summary>{t().details}</summary>
                    <pre class="obp-snippet">{s}</pre>
                </details>
            })}
            <p class="obp-next">
                <strong>{move || fill("{0}: ", &[t().what_next])}</strong>
                <span data-testid="error-hint">{next}</span>
            </p>
        </div>
    }
}
