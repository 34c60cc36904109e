//! The start page: the backup form, a notice when a backup task is already running, the
//! confirmation, and the start itself with its "nothing doubled" rules:
//!
//! * one start at a time (button locked, guard in code, confirmation in between);
//! * no silent retry: when the answer is lost, ask obshell which backup DAGs exist now and
//!   show the new one if there is one; offer to start again only when there is none.

use crate::backup_form::BackupForm;
use crate::client::{ClientError, NextStep};
use crate::components::backup_form::BackupFormFields;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_panel::ErrorPanel;
use crate::host::HostEvent;
use crate::i18n::fill;
use crate::start_status::StartStatus;
use crate::state::use_ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use crate::router::{Link, Route};
use obshell_api::dag::is_backup_dag_name;
use obshell_api::{DagDetail, Hint};

fn newest_backup_dag(dags: &[DagDetail]) -> Option<&DagDetail> {
    dags.iter().filter(|d| is_backup_dag_name(&d.name)).max_by_key(|d| d.dag_id)
}

/// Backup DAGs newer than `seen`, oldest first, as `(id, name)`.
fn backup_dags_after(dags: &[DagDetail], seen: i64) -> Vec<(String, String)> {
    let mut new: Vec<&DagDetail> = dags.iter().filter(|d| is_backup_dag_name(&d.name) && d.dag_id > seen).collect();
    new.sort_by_key(|d| d.dag_id);
    new.into_iter().map(|d| (d.id.clone(), d.name.clone())).collect()
}

#[component]
pub fn BackupPage() -> impl IntoView {
    let ctx = use_ctx();
    let (client, session, ui) = (ctx.client.clone(), ctx.session, ctx.ui);
    let t = move || ui.lang.get().texts();
    let router = ctx.router;
    let form = RwSignal::new(BackupForm::default());
    let confirm_open = RwSignal::new(false);
    // The app's, not the page's: see `start_status`.
    let (status, last_seen_dag_id) = (ctx.start.status, ctx.start.last_seen_dag_id);
    let running = RwSignal::new(Vec::<DagDetail>::new());
    let checked_running = RwSignal::new(false);
    let tenants = RwSignal::new(None::<Vec<String>>);
    let tenants_failed = RwSignal::new(false);

    // What is running now, asked of obshell: on sign-in, whenever the tab comes back into
    // view, and right before every confirmation (another tab or another admin may have started
    // one in the meantime).
    let check_running = {
        let client = client.clone();
        move || {
            let client = client.clone();
            async move {
                if let Ok(dags) = client.unfinished_dags().await {
                    running.set(dags.into_iter().filter(|d| is_backup_dag_name(&d.name)).collect());
                }
                checked_running.set(true);
            }
        }
    };
    let load_tenants = {
        let client = client.clone();
        move || {
            let client = client.clone();
            spawn_local(async move {
                match client.tenants().await {
                    Ok(list) => {
                        tenants.set(Some(list.into_iter().filter(|t| t.can_back_up()).map(|t| t.tenant_name).collect()));
                        tenants_failed.set(false);
                    }
                    Err(_) => tenants_failed.set(true),
                }
            });
        }
    };
    let visibility = leptos_use::use_document_visibility();
    {
        let check_running = check_running.clone();
        Effect::new(move |_| {
            let visible = visibility.get() == web_sys::VisibilityState::Visible;
            if session.signed_in.get() && visible {
                spawn_local(check_running());
            }
        });
    }
    {
        Effect::new(move |_| {
            if session.signed_in.get() {
                load_tenants();
            } else {
                // The form survives a lost session, its secrets do not.
                form.update(BackupForm::clear_secrets);
            }
        });
    }

    // The new backup's page, unless the user has gone elsewhere meanwhile: then it is
    // announced where they are (`StartOutcome`), not forced on them.
    let go_to = move |id: &str| {
        if router.is(&Route::Backup) {
            status.set(StartStatus::Idle);
            router.go(&format!("/dag/{id}"));
        } else {
            status.set(StartStatus::StartedElsewhere(id.to_string()));
        }
    };

    let resolve = {
        let (client, go_to) = (client.clone(), go_to);
        move |original: ClientError| {
            let (client, go_to) = (client.clone(), go_to);
            status.set(StartStatus::Resolving(original.clone()));
            spawn_local(async move {
                match client.cluster_dags().await {
                    Ok(dags) => {
                        let seen = last_seen_dag_id.try_get_value().flatten();
                        let new = backup_dags_after(&dags, seen.unwrap_or(0));
                        match new.as_slice() {
                            [] => status.set(StartStatus::NotStarted(original)),
                            [(id, _)] => go_to(id),
                            _ => status.set(StartStatus::Duplicated(new)),
                        }
                    }
                    Err(check) => status.set(StartStatus::Unresolved { original, check }),
                }
            });
        }
    };

    let start = {
        let (client, go_to, resolve, host) = (client.clone(), go_to, resolve.clone(), ctx.host.clone());
        move || {
            if status.with_untracked(StartStatus::busy) {
                return;
            }
            let Ok(request) = form.with_untracked(BackupForm::to_request) else { return };
            let tenant = form.with_untracked(|f| f.tenant.clone());
            status.set(StartStatus::Sending);
            // The secrets leave the page with the request.
            form.update(BackupForm::clear_secrets);
            let (client, go_to, resolve, host) = (client.clone(), go_to, resolve.clone(), host.clone());
            spawn_local(async move {
                let seen = client.cluster_dags().await.ok().map(|dags| newest_backup_dag(&dags).map_or(0, |d| d.dag_id));
                last_seen_dag_id.set_value(seen);
                let answer = match &tenant {
                    Some(name) => client.start_tenant_backup(name, &request).await,
                    None => client.start_backup(&request).await,
                };
                match answer {
                    Ok(dag) => {
                        // Was the request re-sent under us? Only checkable if the "before" is known.
                        let extra = match seen {
                            Some(seen) => client.cluster_dags().await.map(|d| backup_dags_after(&d, seen)).unwrap_or_default(),
                            None => Vec::new(),
                        };
                        host.emit(HostEvent::BackupStarted { dag_id: dag.id.clone() });
                        if extra.len() > 1 {
                            status.set(StartStatus::Duplicated(extra));
                        } else {
                            go_to(&dag.id);
                        }
                    }
                    Err(e) if e.outcome_unknown() => resolve(e),
                    // The sign-in dialog explains this one; after it the user starts again.
                    Err(e) if e.is_session_lost() => status.set(StartStatus::Idle),
                    Err(e) => status.set(StartStatus::Refused(e)),
                }
            });
        }
    };
    let on_confirm = Callback::new(move |_| start());
    let on_submit = Callback::new(move |_| {
        // A start still in flight (sent before the user left and came back) locks the form.
        if status.with_untracked(StartStatus::busy) {
            return;
        }
        status.set(StartStatus::Idle);
        // The confirmation opens once obshell has said what runs now (or could not say).
        let check = check_running();
        spawn_local(async move {
            check.await;
            confirm_open.set(true);
        });
    });
    let busy = Signal::derive(move || status.with(StartStatus::busy));
    let without_base = crate::incremental_base::use_tenants_without_incremental_base(form, tenants);

    let agent_name = move || session.agent.with(|a| a.as_ref().map(|a| format!("{}:{}", a.ip, a.port)).unwrap_or_default());
    let yes_no = move |b: bool| if b { t().yes } else { t().no };
    let running_list = move || running.with(|r| r.iter().map(|d| (d.id.clone(), d.name.clone())).collect::<Vec<_>>());

    view! {
        <section class="obp-page">
            // Every running backup task, each with its link: one click can create more than one
            // (see `StartStatus::Duplicated`), and none of them may be hidden.
            {move || {
                let list = running_list();
                (!list.is_empty()).then(|| view! {
                    <div class="obp-notice obp-notice-warn" role="status" data-testid="running-notice">
                        <p>{fill(t().running_notice, &[&list.len().to_string()])}</p>
                        <ul>
                            {list.into_iter().map(|(id, name)| view! {
                                <li><Link to=format!("/dag/{id}")>{format!("{name} ({id})")}</Link></li>
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
            <Show when=move || !checked_running.get()>
                <p class="obp-muted" role="status">{move || t().checking_running}</p>
            </Show>
            <BackupFormFields form=form busy=busy on_submit=on_submit tenants=tenants tenants_failed=tenants_failed
                without_base=without_base />
            <div aria-live="polite" data-testid="start-status">
                {move || match status.get() {
                    StartStatus::Idle | StartStatus::Sending => None,
                    StartStatus::StartedElsewhere(id) => Some(view! {
                        <p class="obp-notice" data-testid="started-elsewhere">
                            {fill(t().started_elsewhere, &[&id])}" "
                            <Link to=format!("/dag/{id}")>{t().view_it}</Link>
                        </p>
                    }.into_any()),
                    StartStatus::Refused(e) => {
                        let needs_destination = e.next_step() == NextStep::Agent(Hint::ConfigureBackupDestination);
                        Some(view! {
                            <div>
                                <ErrorPanel error=e />
                                {needs_destination.then(|| view! {
                                    <p><Link to="/destination" attr:data-testid="configure-destination">{t().configure_destination}</Link></p>
                                })}
                            </div>
                        }.into_any())
                    }
                    StartStatus::Resolving(_) => Some(view! {
                        <p class="obp-notice" data-testid="outcome-unknown">{t().outcome_unknown}</p>
                    }.into_any()),
                    StartStatus::NotStarted(e) => Some(view! {
                        <div>
                            <p class="obp-notice" data-testid="outcome-not-started">{t().outcome_not_started}</p>
                            <ErrorPanel error=e />
                        </div>
                    }.into_any()),
                    StartStatus::Duplicated(dags) => Some(view! {
                        <div class="obp-notice obp-notice-warn" role="alert" data-testid="duplicate-starts">
                            <p>{fill(t().duplicate_starts, &[&dags.len().to_string()])}</p>
                            <ul>
                                {dags.into_iter().map(|(id, name)| view! {
                                    <li><Link to=format!("/dag/{id}")>{format!("{name} ({id})")}</Link></li>
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any()),
                    StartStatus::Unresolved { original, check } => {
                        let resolve = resolve.clone();
                        Some(view! {
                            <div>
                                <p class="obp-notice obp-notice-warn" data-testid="outcome-unresolved">{t().outcome_check_failed}</p>
                                <ErrorPanel error=check />
                                <button type="button" class="obp-button" on:click=move |_| resolve(original.clone())>
                                    {t().check_again}
                                </button>
                            </div>
                        }.into_any())
                    }
                }}
            </div>
            <ConfirmDialog open=confirm_open
                title=Signal::derive(move || t().confirm_title.to_string())
                confirm_label=Signal::derive(move || t().start_backup.to_string())
                on_confirm=on_confirm>
                <ul class="obp-confirm-list" data-testid="confirm-summary">
                    <li>{move || match form.with(|f| f.tenant.clone()) {
                        Some(name) => fill(t().confirm_scope_tenant, &[&name, &agent_name()]),
                        None => fill(t().confirm_scope, &[&agent_name()]),
                    }}</li>
                    <li>{move || fill(t().confirm_mode, &[form.with(|f| match f.mode {
                        obshell_api::BackupMode::Full => t().mode_full,
                        obshell_api::BackupMode::Incremental => t().mode_incremental,
                    })])}</li>
                    <li>{move || fill(t().confirm_archive, &[yes_no(form.with(|f| f.plus_archive))])}</li>
                    <li>{move || fill(t().confirm_encrypted, &[yes_no(form.with(BackupForm::is_encrypted))])}</li>
                </ul>
                <Show when=move || running.with(|r| !r.is_empty())>
                    <p class="obp-notice obp-notice-warn">{move || t().confirm_running_warning}</p>
                </Show>
                <Show when=move || form.with(|f| f.mode == obshell_api::BackupMode::Incremental) && without_base.with(|w| !w.is_empty())>
                    <p class="obp-notice obp-notice-warn" data-testid="confirm-no-incremental-base">
                        {move || fill(t().no_incremental_base, &[&without_base.get().join(", ")])}
                    </p>
                </Show>
            </ConfirmDialog>
        </section>
    }
}
