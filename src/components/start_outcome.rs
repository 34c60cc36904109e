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
    // A failed (or unknown) start seen where it is told in full, the form: not announced again
    // until the next start is sent.
    let seen_on_form = RwSignal::new(None::<StartStatus>);
    Effect::new(move |_| {
        let (route, current) = (router.route(), status.get());
        match (&current, &route) {
            (StartStatus::Sending, _) => seen_on_form.set(None),
            // The started backup's page reached (by the link or any other way): announced enough.
            (StartStatus::StartedElsewhere(started), Route::Dag(at)) if started == at => status.set(StartStatus::Idle),
            (_, Route::Backup) if current.needs_attention() => seen_on_form.set(Some(current.clone())),
            _ => {}
        }
    });
    // Not on the form, and not what was seen there.
    let shown = move || {
        !router.is(&Route::Backup)
            && status.with(|s| s.needs_attention() && seen_on_form.with(|seen| seen.as_ref() != Some(s)))
    };
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
