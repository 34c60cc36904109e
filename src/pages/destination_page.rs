//! `/destination`: set the cluster's backup destination (`POST /api/v1/obcluster/backup/config`)
//! and follow the "Set obcluster backup config" task on the same timeline as a backup.

use crate::client::ClientError;
use crate::components::error_panel::ErrorPanel;
use crate::destination_form::{DestinationForm, StorageKind};
use crate::state::use_ctx;
use leptos::prelude::*;

#[component]
pub fn DestinationPage() -> impl IntoView {
    let ctx = use_ctx();
    let (client, session, ui) = (ctx.client.clone(), ctx.session, ctx.ui);
    let t = move || ui.lang.get().texts();
    let router = ctx.router;
    let form = RwSignal::new(DestinationForm::default());
    let attempted = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<ClientError>);
    let problem = move || form.with(|f| f.to_param().err());
    let shown_problem = move || (attempted.get() || form.with(|f| !f.path.is_empty())).then(problem).flatten();
    Effect::new(move |_| {
        if !session.signed_in.get() {
            form.update(DestinationForm::clear_secrets);
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if sending.get_untracked() {
            return;
        }
        let Ok(param) = form.with_untracked(DestinationForm::to_param) else { return };
        sending.set(true);
        error.set(None);
        form.update(DestinationForm::clear_secrets);
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = client.configure_backup(&param).await;
            sending.set(false);
            match result {
                Ok(dag) => router.go(&format!("/dag/{}", dag.id)),
                Err(e) if e.is_session_lost() => {}
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let kind = move || form.with(|f| f.kind);
    let text_field = move |id: &'static str, label: fn(&crate::i18n::Texts) -> &'static str, get: fn(&DestinationForm) -> String, set: fn(&mut DestinationForm, String), secret: bool| {
        view! {
            <div class="obp-field">
                <label for=id>{move || label(t())}</label>
                <input id=id type=if secret { "password" } else { "text" }
                    autocomplete=if secret { "new-password" } else { "off" }
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev))) />
            </div>
        }
    };

    view! {
        <section class="obp-page">
            <form class="obp-card obp-backup-form" on:submit=submit data-testid="destination-form" novalidate>
                <h1>{move || t().dest_title}</h1>
                <p class="obp-muted">{move || t().dest_intro}</p>
                <fieldset disabled=move || sending.get()>
                    <div class="obp-field">
                        <label for="obp-dest-kind">{move || t().storage_kind}</label>
                        <select id="obp-dest-kind" data-testid="dest-kind" on:change=move |ev| {
                            if let Some(k) = StorageKind::parse(&event_target_value(&ev)) { form.update(|f| f.kind = k) }
                        }>
                            {StorageKind::ALL.into_iter().map(|k| {
                                let value = k.scheme().trim_end_matches("://");
                                view! { <option value=value selected=move || kind() == k>{k.scheme()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="obp-field">
                        <label for="obp-dest-path">{move || t().dest_path}</label>
                        <input id="obp-dest-path" data-testid="dest-path" aria-describedby="obp-dest-path-help"
                            prop:value=move || form.with(|f| f.path.clone())
                            on:input=move |ev| form.update(|f| f.path = event_target_value(&ev)) />
                        <p id="obp-dest-path-help" class="obp-help">
                            {move || if kind().is_cloud() { t().dest_path_help_cloud } else { t().dest_path_help_file }}
                        </p>
                    </div>
                    <Show when=move || kind().is_cloud()>
                        {text_field("obp-dest-host", |t| t.dest_host, |f| f.host.clone(), |f, v| f.host = v, false)}
                        {text_field("obp-dest-access-id", |t| t.dest_access_id, |f| f.access_id.clone(), |f, v| f.access_id = v, false)}
                        {text_field("obp-dest-access-key", |t| t.dest_access_key, |f| f.access_key.clone(), |f, v| f.access_key = v, true)}
                    </Show>
                    <Show when=move || kind() == StorageKind::S3>
                        {text_field("obp-dest-region", |t| t.dest_region, |f| f.region.clone(), |f, v| f.region = v, false)}
                    </Show>
                    <details>
                        <summary>{move || t().advanced}</summary>
                        {text_field("obp-dest-binding", |t| t.dest_binding, |f| f.binding.clone(), |f, v| f.binding = v, false)}
                        {text_field("obp-dest-piece", |t| t.dest_piece, |f| f.piece_switch_interval.clone(), |f, v| f.piece_switch_interval = v, false)}
                        {text_field("obp-dest-lag", |t| t.dest_lag, |f| f.archive_lag_target.clone(), |f, v| f.archive_lag_target = v, false)}
                        {text_field("obp-dest-concurrency", |t| t.dest_concurrency, |f| f.log_archive_concurrency.clone(), |f, v| f.log_archive_concurrency = v, false)}
                        {text_field("obp-dest-ha", |t| t.dest_ha_score, |f| f.ha_low_thread_score.clone(), |f, v| f.ha_low_thread_score = v, false)}
                    </details>
                </fieldset>
                <p class="obp-field-error" aria-live="polite" data-testid="dest-problem">{shown_problem}</p>
                <button type="submit" class="obp-button obp-primary" data-testid="save-destination"
                    disabled=move || sending.get() || (attempted.get() && problem().is_some())>
                    {move || if sending.get() { t().saving } else { t().save_destination }}
                </button>
                {move || error.get().map(|e| view! { <ErrorPanel error=e /> })}
            </form>
        </section>
    }
}
