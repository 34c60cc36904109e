//! The backup form's fields and its Start button. It only edits a [`BackupForm`]; the page
//! decides what submitting means.

use crate::backup_form::{BackupForm, FormProblem};
use crate::i18n::fill;
use crate::state::use_ctx;
use leptos::prelude::*;
use obshell_api::BackupMode;

#[component]
pub fn BackupFormFields(
    form: RwSignal<BackupForm>,
    /// True while a start is in flight: every control is locked and the button says so.
    #[prop(into)]
    busy: Signal<bool>,
    on_submit: Callback<()>,
    /// Tenants a backup can be started for; `None` while unknown or when the list failed.
    #[prop(into)]
    tenants: Signal<Option<Vec<String>>>,
    /// The tenant list could not be loaded (only the whole cluster is offered).
    #[prop(into)]
    tenants_failed: Signal<bool>,
    /// Tenants in scope with no completed backup to build on, whose incremental backup
    /// OceanBase will take in full (said under Incremental).
    #[prop(into)]
    without_base: Signal<Vec<String>>,
) -> impl IntoView {
    let ui = use_ctx().ui;
    let t = move || ui.lang.get().texts();
    let reveal = RwSignal::new(false);
    let problem = move || form.with(BackupForm::problem);
    let problem_text = move || {
        problem().map(|p| match p {
            FormProblem::EncryptionMismatch => t().encryption_mismatch,
            FormProblem::EncryptionMissing => t().encryption_missing,
        })
    };
    let set_mode = move |mode: BackupMode| form.update(|f| f.mode = mode);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() && problem().is_none() {
            on_submit.run(());
        }
    };
    let password_type = move || if reveal.get() { "text" } else { "password" };

    view! {
        <form class="obp-card obp-backup-form" on:submit=submit data-testid="backup-form" novalidate>
            <h1>{move || t().form_title}</h1>
            <p class="obp-muted">{move || t().form_intro}</p>
            <fieldset disabled=move || busy.get()>
                <div class="obp-field">
                    <label for="obp-scope">{move || t().backup_scope}</label>
                    <select id="obp-scope" data-testid="scope" on:change=move |ev| {
                        let value = event_target_value(&ev);
                        form.update(|f| f.tenant = (!value.is_empty()).then_some(value));
                    }>
                        <option value="" selected=move || form.with(|f| f.tenant.is_none())>{move || t().scope_cluster}</option>
                        {move || tenants.get().unwrap_or_default().into_iter().map(|name| {
                            let label = fill(t().scope_tenant, &[&name]);
                            let selected = { let name = name.clone(); move || form.with(|f| f.tenant.as_deref() == Some(name.as_str())) };
                            view! { <option value=name selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    <Show when=move || tenants_failed.get()>
                        <p class="obp-help" data-testid="tenants-unavailable">{move || t().scope_tenants_unavailable}</p>
                    </Show>
                </div>
                <fieldset class="obp-radio-group">
                    <legend>{move || t().backup_mode}</legend>
                    <label class="obp-radio">
                        <input type="radio" name="obp-mode" value="full" data-testid="mode-full"
                            prop:checked=move || form.with(|f| f.mode == BackupMode::Full)
                            on:change=move |_| set_mode(BackupMode::Full) />
                        <span>{move || t().mode_full}</span>
                        <span class="obp-help">{move || t().mode_full_help}</span>
                    </label>
                    <label class="obp-radio">
                        <input type="radio" name="obp-mode" value="incremental" data-testid="mode-incremental"
                            prop:checked=move || form.with(|f| f.mode == BackupMode::Incremental)
                            on:change=move |_| set_mode(BackupMode::Incremental) />
                        <span>{move || t().mode_incremental}</span>
                        <span class="obp-help">{move || t().mode_incremental_help}</span>
                    </label>
                    <Show when=move || form.with(|f| f.mode == BackupMode::Incremental) && without_base.with(|w| !w.is_empty())>
                        <p class="obp-notice obp-notice-warn" role="status" data-testid="no-incremental-base">
                            {move || fill(t().no_incremental_base, &[&without_base.get().join(", ")])}
                        </p>
                    </Show>
                </fieldset>

                <label class="obp-checkbox">
                    <input type="checkbox" id="obp-plus-archive" data-testid="plus-archive"
                        aria-describedby="obp-plus-archive-help"
                        prop:checked=move || form.with(|f| f.plus_archive)
                        on:change=move |ev| form.update(|f| f.plus_archive = event_target_checked(&ev)) />
                    <span>{move || t().plus_archive}</span>
                </label>
                <p id="obp-plus-archive-help" class="obp-help">{move || t().plus_archive_help}</p>

                <div class="obp-field">
                    <label for="obp-encryption">{move || t().encryption_password}</label>
                    <div class="obp-password-row">
                        <input id="obp-encryption" type=password_type autocomplete="new-password"
                            aria-describedby="obp-encryption-help" data-testid="encryption"
                            prop:value=move || form.with(|f| f.encryption.clone())
                            on:input=move |ev| form.update(|f| f.encryption = event_target_value(&ev)) />
                        <button type="button" class="obp-button" aria-pressed=move || reveal.get().to_string()
                            aria-controls="obp-encryption obp-encryption-confirm"
                            on:click=move |_| reveal.update(|r| *r = !*r)>
                            {move || if reveal.get() { t().hide } else { t().show }}
                        </button>
                    </div>
                    <p id="obp-encryption-help" class="obp-help">{move || t().encryption_help}</p>
                </div>
                <div class="obp-field">
                    <label for="obp-encryption-confirm">{move || t().encryption_confirm}</label>
                    <input id="obp-encryption-confirm" type=password_type autocomplete="new-password"
                        data-testid="encryption-confirm"
                        aria-invalid=move || problem().is_some().to_string()
                        aria-describedby="obp-encryption-problem"
                        prop:value=move || form.with(|f| f.encryption_confirm.clone())
                        on:input=move |ev| form.update(|f| f.encryption_confirm = event_target_value(&ev)) />
                    <p id="obp-encryption-problem" class="obp-field-error" aria-live="polite" data-testid="form-problem">
                        {problem_text}
                    </p>
                </div>
            </fieldset>
            <button type="submit" class="obp-button obp-primary" data-testid="start-backup"
                disabled=move || busy.get() || problem().is_some()
                aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { t().starting } else { t().start_backup }}
            </button>
        </form>
    }
}
