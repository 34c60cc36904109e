//! The outcome of a backup start, on whatever page the user went to while obshell answered:
//! the new backup's link, or word that it did not start (or may not have) with the way back
//! to the form, which holds the details. Nothing shows on the backup page itself, which says
//! it all there, nor on the started backup's own page.

use crate::i18n::fill;
use crate::router::{Link, Route};
use crate::start_status::StartStatus;
use crate::state::use_ctx;
use leptos::prelude::*;

#[component]
pub fn StartOutcome() -> impl IntoView {
    let ctx = use_ctx();
    let (ui, router, status) = (ctx.ui, ctx.router, ctx.start.status);
    let t = move || ui.lang.get().texts();
    // Not on the backup page, nor on the started backup's own page.
    let shown = move || match router.route() {
        Route::Backup => false,
        Route::Dag(id) => status.with(|s| s.needs_attention() && *s != StartStatus::StartedElsewhere(id)),
        _ => status.with(StartStatus::needs_attention),
    };
    // The started backup's page reached (by the link or any other way): announced enough. A
    // failure stays until the next start: the backup page holds its details.
    Effect::new(move |_| {
        if let Route::Dag(id) = router.route() {
            if status.with(|s| *s == StartStatus::StartedElsewhere(id)) {
                status.set(StartStatus::Idle);
            }
        }
    });
    view! {
        <Show when=shown>
            {move || match status.get() {
                StartStatus::StartedElsewhere(id) => view! {
                    <p class="obp-notice obp-start-outcome" role="status" data-testid="start-outcome" data-outcome="started">
                        {fill(t().started_elsewhere, &[&id])}" "
                        <Link to=format!("/dag/{id}")>{t().view_it}</Link>
                    </p>
                }.into_any(),
                _ => view! {
                    <p class="obp-notice obp-notice-warn obp-start-outcome" role="alert" data-testid="start-outcome" data-outcome="failed">
                        {t().start_failed_elsewhere}" "
                        <Link to="/">{t().open_backup_form}</Link>
                    </p>
                }.into_any(),
            }}
        </Show>
    }
}
