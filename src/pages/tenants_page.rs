//! `/tenants`: each user tenant's archive log, backup job and destinations as OceanBase reports
//! them, with Start / Suspend / Stop archive log and Cancel backup jobs, for one tenant or all
//! of them.
//! Every change is confirmed with what it stops, then the view is read again from obshell.

use crate::client::{ClientError, ObshellClient};
use crate::components::confirmed_action::{ConfirmedAction, Perform};
use crate::components::error_panel::ErrorPanel;
use crate::format;
use crate::i18n::{fill, Texts};
use crate::state::use_ctx;
use futures::FutureExt;
use leptos::prelude::*;
use obshell_api::backup::{uri_without_keys, BackupDestInfo, CdbObBackupTask, JobOutcome};
use obshell_api::{ArchiveLogAction, ArchiveLogTask, ArchiveState};
use std::rc::Rc;

/// One user tenant as the page shows it.
#[derive(Debug, Clone, PartialEq)]
struct TenantRow {
    name: String,
    id: i64,
    /// The latest archive round, `Ok(None)` when archiving never ran.
    archive: Result<Option<ArchiveLogTask>, ClientError>,
    job: Option<CdbObBackupTask>,
    /// Where its backups go, keys left out; `None` when obshell could not or would not say.
    storage: Option<BackupDestInfo>,
    /// Its newest completed backup (`Ok(None)`: none yet), the newest set to restore from.
    last_completed: Result<Option<JobOutcome>, ClientError>,
}

impl TenantRow {
    fn archive_state(&self) -> Option<ArchiveState> {
        match &self.archive {
            Ok(Some(task)) => Some(ArchiveState::of(&task.status)),
            Ok(None) => Some(ArchiveState::Stopped),
            Err(_) => None,
        }
    }
}

/// The tenants, and why their backup jobs could not be read if they could not (a cluster with
/// no job at all answers 404, which the client already turns into an empty list).
async fn load(client: &ObshellClient) -> Result<(Vec<TenantRow>, Option<ClientError>), ClientError> {
    let tenants: Vec<_> = client.tenants().await?.into_iter().filter(|t| t.can_back_up()).collect();
    let (jobs, jobs_error) = match client.backup_overview().await {
        Ok(jobs) => (jobs, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    // One request per tenant, all in flight together.
    let archives = futures::future::join_all(tenants.iter().map(|t| client.archive_log_tasks(&t.tenant_name)));
    let storages = futures::future::join_all(tenants.iter().map(|t| client.backup_storage(&t.tenant_name)));
    let completed = futures::future::join_all(tenants.iter().map(|t| client.last_completed_backup(&t.tenant_name)));
    let (archives, storages, completed) = futures::join!(archives, storages, completed);
    let rows = tenants
        .into_iter()
        .zip(archives)
        .zip(storages)
        .zip(completed)
        .map(|(((tenant, archive), storage), last_completed)| TenantRow {
            last_completed,
            job: jobs.iter().find(|j| j.tenant_id == tenant.tenant_id).cloned(),
            // Shown for information only, so a failed answer just shows nothing.
            storage: storage.ok().flatten(),
            archive: archive.map(|tasks| tasks.into_iter().max_by_key(|t| t.round_id)),
            name: tenant.tenant_name,
            id: tenant.tenant_id,
        })
        .collect();
    Ok((rows, jobs_error))
}

fn archive_label(t: &Texts, row: &TenantRow) -> String {
    match (&row.archive, row.archive_state()) {
        (_, Some(ArchiveState::Running)) => t.archive_running.into(),
        (_, Some(ArchiveState::Suspended)) => t.archive_suspended.into(),
        (_, Some(ArchiveState::Stopped)) => t.archive_stopped.into(),
        (_, Some(ArchiveState::Interrupted)) => t.archive_interrupted.into(),
        (Ok(Some(task)), _) => fill(t.archive_unknown, &[&task.status]),
        _ => t.archive_unavailable.into(),
    }
}

fn action_texts(t: &Texts, action: ArchiveLogAction) -> (&'static str, &'static str, &'static str) {
    match action {
        ArchiveLogAction::Start => (t.archive_start, t.archive_start_explain, "archive-start"),
        ArchiveLogAction::Suspend => (t.archive_suspend, t.archive_suspend_explain, "archive-suspend"),
        ArchiveLogAction::Stop => (t.archive_stop, t.archive_stop_explain, "archive-stop"),
    }
}

#[component]
pub fn TenantsPage() -> impl IntoView {
    let ctx = use_ctx();
    let (client, session, ui) = (ctx.client.clone(), ctx.session, ctx.ui);
    let t = move || ui.lang.get().texts();
    let rows = RwSignal::new(None::<Result<(Vec<TenantRow>, Option<ClientError>), ClientError>>);
    let done_note = RwSignal::new(false);
    let reload = {
        let client = client.clone();
        move || {
            let client = client.clone();
            leptos::task::spawn_local(async move { rows.set(Some(load(&client).await)) });
        }
    };
    {
        let reload = reload.clone();
        Effect::new(move |_| {
            if session.signed_in.get() {
                reload();
            }
        });
    }
    let on_done = {
        let reload = reload.clone();
        Callback::new(move |_| {
            done_note.set(true);
            reload();
        })
    };

    // The actions for a scope: `None` = every user tenant.
    let archive_perform = {
        let client = client.clone();
        move |tenant: Option<String>, action: ArchiveLogAction| -> Perform {
            let client = client.clone();
            Rc::new(move || {
                let (client, tenant) = (client.clone(), tenant.clone());
                async move { client.set_archive_log(tenant.as_deref(), action).await }.boxed_local()
            })
        }
    };
    let cancel_perform = {
        let client = client.clone();
        move |tenant: Option<String>| -> Perform {
            let client = client.clone();
            Rc::new(move || {
                let (client, tenant) = (client.clone(), tenant.clone());
                async move { client.cancel_backup_jobs(tenant.as_deref()).await }.boxed_local()
            })
        }
    };
    let scope_text = move |tenant: &Option<String>| match tenant {
        Some(name) => fill(t().scope_one_tenant, &[name]),
        None => t().scope_all_tenants.to_string(),
    };
    let archive_button = {
        let archive_perform = archive_perform.clone();
        move |tenant: Option<String>, action: ArchiveLogAction| {
            let scope = scope_text(&tenant);
            let test_id = action_texts(t(), action).2;
            view! {
                <ConfirmedAction
                    label=Signal::derive(move || action_texts(t(), action).0.to_string())
                    explanation=Signal::derive(move || fill(action_texts(t(), action).1, &[&scope]))
                    danger=action == ArchiveLogAction::Stop
                    test_id=test_id
                    perform=archive_perform(tenant, action)
                    on_done=on_done />
            }
        }
    };
    let cancel_button = move |tenant: Option<String>| {
        let scope = scope_text(&tenant);
        view! {
            <ConfirmedAction
                label=Signal::derive(move || t().cancel_jobs.to_string())
                explanation=Signal::derive(move || fill(t().cancel_jobs_explain, &[&scope]))
                danger=true
                test_id="cancel-jobs"
                perform=cancel_perform(tenant)
                on_done=on_done />
        }
    };

    let all_actions = {
        let (archive_button, cancel_button) = (archive_button.clone(), cancel_button.clone());
        move || {
            let actions: Vec<_> = [ArchiveLogAction::Start, ArchiveLogAction::Suspend, ArchiveLogAction::Stop]
                .into_iter()
                .map(|a| archive_button(None, a))
                .collect();
            view! {
                <div class="obp-action-row" data-testid="all-tenants-actions">
                    <strong>{t().tenants_all}</strong>
                    {actions}
                    {cancel_button(None)}
                </div>
            }
        }
    };

    let table = move |list: Vec<TenantRow>| {
        // Tracked: a language switch renders the table again.
        let lang = ui.lang.get();
        let t = lang.texts();
        // "How long ago" by the agent's clock, which wrote the times.
        let now_ms = client.agent_now_ms();
        let body = list
            .into_iter()
            .map(|row| {
                let state = row.archive_state();
                let label = archive_label(t, &row);
                let lag = match &row.archive {
                    Ok(Some(task)) if state == Some(ArchiveState::Running) => Some(fill(t.archive_lag, &[
                        &format::duration((task.delay * 1000.0) as i64, lang),
                        &task
                            .checkpoint
                            .as_deref()
                            .and_then(obshell_api::ObTime::parse)
                            .map_or_else(|| "–".to_string(), |t| format::local_time(t.unix_millis())),
                    ])),
                    _ => None,
                };
                let actions: Vec<_> = [ArchiveLogAction::Start, ArchiveLogAction::Suspend, ArchiveLogAction::Stop]
                    .into_iter()
                    .filter(|a| state.is_some_and(|s| a.applies_to(s)))
                    .map(|a| archive_button(Some(row.name.clone()), a))
                    .collect();
                let job_running = row.job.as_ref().is_some_and(CdbObBackupTask::is_running);
                let job_text = row.job.as_ref().map_or_else(
                    || t.job_none.to_string(),
                    |j| {
                        let mut text = fill(t.job_line, &[&j.status, &j.backup_set_id.to_string()]);
                        if let Some(done) = j.fraction_done().filter(|_| j.is_running()) {
                            text.push_str(&format!(" · {}%", (done * 100.0).floor()));
                        }
                        text
                    },
                );
                let last_completed = match &row.last_completed {
                    Ok(Some(job)) => {
                        let ended = job.end_timestamp.as_deref().and_then(obshell_api::ObTime::parse).map(|t| t.unix_millis());
                        let kind = if job.is_full() { t.mode_full } else { t.mode_incremental };
                        let when = ended.map_or_else(
                            || "–".to_string(),
                            |ms| fill(t.time_ago, &[&format::local_time(ms), &format::duration((now_ms - ms).max(0), lang)]),
                        );
                        fill(t.last_completed, &[&when, kind])
                    }
                    Ok(None) => t.last_completed_none.to_string(),
                    Err(_) => fill(t.last_completed, &["–", "–"]),
                };
                let destination = row.storage.as_ref().map(|dest| {
                    let uri = |label: &str, uri: &str| {
                        let shown = if uri.is_empty() { t.dest_not_set.to_string() } else { uri_without_keys(uri) };
                        view! { <div><span class="obp-muted">{label.to_string()}</span>" "<code class="obp-uri">{shown}</code></div> }
                    };
                    view! { {uri(t.dest_data, &dest.data_base_uri)}{uri(t.dest_archive, &dest.archive_base_uri)} }
                });
                view! {
                    <tr data-testid="tenant-row" data-tenant=row.name.clone()>
                        <th scope="row">{format!("{} ({})", row.name, row.id)}</th>
                        <td data-testid="archive-state" data-state=row.archive.as_ref().ok().flatten().map(|a| a.status.clone()).unwrap_or_default()>
                            {label}
                            {lag.map(|l| view! { <br /><span class="obp-muted">{l}</span> })}
                        </td>
                        <td data-testid="backup-job">
                            {job_text}
                            <br /><span class="obp-muted" data-testid="last-completed">{last_completed}</span>
                        </td>
                        <td data-testid="destination">{destination}</td>
                        <td><div class="obp-action-row">{actions}{job_running.then(|| cancel_button(Some(row.name.clone())))}</div></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            // The wrapper scrolls a wide table inside the page; the table itself fills it.
            <div class="obp-table-scroll">
            <table class="obp-table" data-testid="tenants-table">
                <thead><tr>
                    <th scope="col">{t.col_tenant}</th>
                    <th scope="col">{t.col_archive}</th>
                    <th scope="col">{t.col_backup_job}</th>
                    <th scope="col">{t.col_destination}</th>
                    <th scope="col">{t.col_actions}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
            </div>
        }
    };

    view! {
        <section class="obp-page" data-testid="tenants-page">
            <h1>{move || t().tenants_title}</h1>
            <p class="obp-muted">{move || t().tenants_intro}</p>
            <p>
                <button type="button" class="obp-link-button" data-testid="refresh" on:click={
                    let reload = reload.clone();
                    move |_| reload()
                }>{move || t().refresh_now}</button>
            </p>
            <Show when=move || done_note.get()>
                <p class="obp-notice" role="status" data-testid="action-done">{move || t().action_done}</p>
            </Show>
            {move || match rows.get() {
                None => view! { <p class="obp-muted">{t().loading}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel error=e /> }.into_any(),
                Some(Ok((list, _))) if list.is_empty() => view! { <p class="obp-muted">{t().tenants_empty}</p> }.into_any(),
                Some(Ok((list, jobs_error))) => view! {
                    <div>
                        {jobs_error.map(|e| view! { <ErrorPanel error=e /> })}
                        {all_actions()}
                        {table(list)}
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
