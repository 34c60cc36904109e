//! `/dag/:id`: one DAG followed live. Works on reload and when opened directly: everything it
//! shows comes from obshell, nothing from the page that started the backup.

use crate::backup_jobs::use_backup_jobs;
use crate::backup_types::use_backup_types;
use crate::tenant_names::use_tenant_names;
use crate::components::backup_progress::BackupProgress;
use crate::components::confirmed_action::ConfirmedAction;
use crate::components::dag_actions::DagActions;
use crate::components::dag_summary::DagSummary;
use crate::components::dag_timeline::DagTimeline;
use crate::components::error_panel::ErrorPanel;
use crate::components::state_badge::StateBadge;
use crate::format;
use crate::history::{self, TenantsToAsk};
use crate::history_jobs;
use crate::i18n::fill;
use crate::notifications;
use crate::poller::{use_dag_poller, PollStatus};
use crate::state::use_ctx;
use leptos::prelude::*;
use leptos_use::{use_interval_fn, utils::Pausable};
use obshell_api::backup::JobOutcome;
use obshell_api::{BackupDagName, BackupMode, DagDetail};
use std::sync::Arc;

/// A new id is a new page (the router builds one per route), with its own poller.
#[component]
pub fn DagPage(id: String) -> impl IntoView {
    let ctx = use_ctx();
    let (client, session, ui) = (ctx.client.clone(), ctx.session, ctx.ui);
    let t = move || ui.lang.get().texts();
    let poll = use_dag_poller(client.clone(), session, id.clone(), ctx.config.poll_interval_ms);

    // "Now" on the agent's clock, ticking once a second while the DAG runs, for growing bars
    // and elapsed times. Paused once it is finished.
    let now_ms = RwSignal::new(client.agent_now_ms());
    let Pausable { pause, resume, .. } = {
        let client = client.clone();
        use_interval_fn(move || now_ms.set(client.agent_now_ms()), 1_000)
    };
    Effect::new(move |_| {
        let running = poll.dag.with(|d| d.as_ref().is_some_and(|d| !d.is_finished()))
            || matches!(poll.status.get(), PollStatus::Reconnecting { .. });
        if running { resume() } else { pause() }
        now_ms.set(client.agent_now_ms());
    });

    let notify = RwSignal::new(notifications::granted());
    let host = ctx.host.clone();
    // `None` until the first answer, then whether it is finished: only a DAG seen running and
    // then finished counts as "it just finished" (not one opened after the fact).
    Effect::new(move |before: Option<Option<bool>>| {
        let finished = poll.dag.with(|d| d.as_ref().map(|d| d.is_finished()));
        let just_finished = before.flatten() == Some(false) && finished == Some(true);
        if let (true, Some(d)) = (just_finished, poll.dag.get_untracked()) {
            host.emit(crate::host::HostEvent::DagFinished { dag_id: d.id.clone(), state: d.state.to_string() });
            if notify.get_untracked() && notifications::document_hidden() {
                let t = ui.lang.get_untracked().texts();
                let title = fill(t.notification_title, &[&d.id]);
                notifications::show(&title, &format!("{}: {}", d.name, t.state(&d.state)));
            }
        }
        finished
    });

    // What the task's name says (a backup or not, its mode and tenant): read once per poll.
    let backup_name = Memo::new(move |_| poll.dag.with(|d| d.as_ref().and_then(|d| BackupDagName::parse(&d.name))));
    // Real progress from OceanBase while the backup jobs run.
    let jobs = use_backup_jobs(ctx.client.clone(), poll.dag, backup_name, now_ms);
    // The jobs' tenants by name, and what OceanBase really runs for each job of an incremental.
    let names = use_tenant_names(ctx.client.clone(), jobs.jobs, backup_name);
    let recorded = use_backup_types(ctx.client.clone(), jobs.jobs, backup_name, names);

    // What earlier backups of the same scope and mode took, read once from obshell's task list: an
    // ETA before OceanBase reports any progress, and a measure for this one's time after.
    let past = RwSignal::new(None::<Vec<history::HistoryRow>>);
    {
        let client = ctx.client.clone();
        let asked = StoredValue::new(false);
        Effect::new(move |_| {
            let Some(scope) = backup_name.get() else { return };
            if asked.get_value() {
                return;
            }
            asked.set_value(true);
            let client = client.clone();
            leptos::task::spawn_local(async move {
                let Ok(dags) = client.cluster_dags().await else { return };
                let mut rows = history::rows(&dags);
                // An earlier incremental backup that OceanBase took in full ran as a full one:
                // for an incremental, the scope's job lists tell which those were.
                if scope.mode == Some(BackupMode::Incremental) {
                    let tenants = match &scope.tenant {
                        Some(name) => TenantsToAsk::Named(vec![name.clone()]),
                        None => TenantsToAsk::All,
                    };
                    let still_wanted = move || past.try_get_untracked().is_some();
                    if let Some(jobs) = history_jobs::job_lists(&client, tenants, still_wanted).await {
                        history::mark_taken_in_full(&mut rows, &jobs);
                    }
                }
                past.try_set(Some(rows));
            });
        });
    }
    // What this backup runs as: an incremental one OceanBase takes in full (its job list says
    // so) takes as long as a full one.
    let runs_as = Memo::new(move |_| {
        let asked = backup_name.with(|n| n.as_ref().and_then(|n| n.mode));
        match asked {
            Some(BackupMode::Incremental) if recorded.with(|r| r.iter().any(JobOutcome::is_full)) => Some(BackupMode::Full),
            _ => asked,
        }
    });
    let typical = Memo::new({
        let id = id.clone();
        move |_| {
            let tenant = backup_name.with(|n| n.as_ref().and_then(|n| n.tenant.clone()));
            past.with(|rows| history::typical_backup_ms(rows.as_deref()?, tenant.as_deref(), runs_as.get(), &id))
        }
    });
    // Shown while the backup runs, with when it would end at that pace, and after it ended, as
    // a measure for the time it took.
    let typical_text = move || {
        let (ms, count) = typical.get()?;
        let running = poll.dag.with(|d| d.as_ref().map(|d| (!d.is_finished()).then(|| d.span())))?;
        let lang = ui.lang.get();
        let template = match runs_as.get() {
            Some(BackupMode::Full) => t().history_typical_full,
            Some(BackupMode::Incremental) => t().history_typical_incremental,
            None => t().history_typical,
        };
        let mut text = fill(template, &[&format::duration(ms, lang), &count.to_string()]);
        if let Some((start, _)) = running.and_then(|span| span.bounds(now_ms.get())) {
            text.push(' ');
            text.push_str(&fill(t().history_expected_end, &[&format::local_time(start + ms)]));
        }
        Some(text)
    };
    let has_dag = move || poll.dag.with(Option::is_some);
    // The DAG is shared, never copied (it may hold 1,000 sub-tasks and 100,000 log lines): each
    // view below borrows it, and the parts that did not change keep their allocation.
    let dag: Signal<Arc<DagDetail>> =
        Memo::new_with_compare(move |_| poll.dag.get().unwrap_or_else(|| Arc::new(placeholder(&id))), crate::changed::arc)
            .into();
    let stage_text = move || dag.with(|d| fill(t().stage_of, &[&d.stage.to_string(), &d.max_stage.to_string()]));
    let span = move || dag.with(|d| d.span());
    let started = move || span().bounds(now_ms.get()).map(|(s, _)| format::local_time(s));
    let ended = move || dag.with(|d| d.is_finished()).then(|| span().bounds(now_ms.get()).map(|(_, e)| format::local_time(e))).flatten();
    let elapsed = move || span().duration_ms(now_ms.get()).map(|ms| format::duration(ms, ui.lang.get()));
    let agent_start = move || dag.with(|d| d.start_time.filter(|s| s.is_set()).map(|s| format::agent_time(&s.0)));
    let announce = move || {
        dag.with(|d| {
            let current = d.current_node().map(|n| format!("{}: {}", n.name, t().state(&n.state))).unwrap_or_default();
            format!("{} · {} · {}", stage_text(), current, t().state(&d.state))
        })
    };
    let poll_text = move || match poll.status.get() {
        PollStatus::Fetching => t().poll_fetching.to_string(),
        PollStatus::Live => fill(t().poll_live, &[&format::duration(i64::from(ctx.config.poll_interval_ms), ui.lang.get())]),
        PollStatus::Reconnecting { at_ms } => {
            fill(t().poll_reconnecting, &[&((at_ms - now_ms.get()).max(0) / 1000 + 1).to_string()])
        }
        PollStatus::Hidden => t().poll_hidden.to_string(),
        PollStatus::SignedOut => t().poll_signed_out.to_string(),
        PollStatus::Finished => t().poll_done.to_string(),
        PollStatus::Stopped => String::new(),
    };
    let pending_node_pass = RwSignal::new(None::<String>);
    let on_pass_node = Callback::new(move |node: String| pending_node_pass.set(Some(node)));
    let on_done = Callback::new(move |_| poll.wake());
    let ask_notify = move |_| notifications::request(notify);

    view! {
        <section class="obp-page obp-dag-page" data-testid="dag-page">
            <header class="obp-dag-header">
                <h1>
                    {move || dag.with(|d| if d.name.is_empty() { fill(t().dag_title, &[&d.id]) } else { d.name.clone() })}
                    " "
                    <small class="obp-muted">{move || fill(t().dag_title, &[&dag.with(|d| d.id.clone())])}</small>
                </h1>
                <Show when=has_dag>
                    <div class="obp-dag-facts">
                        <span data-testid="dag-state">
                            <StateBadge state=Signal::derive(move || dag.with(|d| d.state.clone()))
                                operator=Signal::derive(move || dag.with(|d| d.operator.clone())) />
                        </span>
                        <span data-testid="dag-stage">{stage_text}</span>
                        <span title=agent_start>{move || t().started_at}": "{move || started().unwrap_or_else(|| t().not_yet.into())}</span>
                        <span>{move || t().ended_at}": "{move || ended().unwrap_or_else(|| "–".into())}</span>
                        <span>{move || t().elapsed}": "<span data-testid="dag-elapsed">{move || elapsed().unwrap_or_else(|| "–".into())}</span></span>
                    </div>
                </Show>
                <div class="obp-poll-line">
                    <span role="status" data-testid="poll-status">{poll_text}</span>
                    <button type="button" class="obp-link-button" on:click=move |_| poll.wake() data-testid="refresh">
                        {move || t().refresh_now}
                    </button>
                    <Show when=move || !notify.get() && notifications::supported() && has_dag() && !dag.with(|d| d.is_finished())>
                        <button type="button" class="obp-link-button" on:click=ask_notify>{move || t().notify_me}</button>
                    </Show>
                </div>
            </header>
            <p class="obp-sr-only" aria-live="polite" data-testid="live-region">{move || has_dag().then(announce)}</p>
            {move || poll.error.get().map(|e| view! { <ErrorPanel error=e /> })}
            <Show when=has_dag fallback=move || view! { <p class="obp-muted">{t().loading}</p> }>
                <DagSummary dag=dag now_ms=now_ms />
                {move || typical_text().map(|text| view! { <p class="obp-muted" data-testid="typical-duration">{text}</p> })}
                <BackupProgress jobs=jobs.jobs elapsed_ms=jobs.wait_elapsed names=names recorded=recorded />
                <Show when=move || jobs.running.get()>
                    <ConfirmedAction
                        label=Signal::derive(move || t().cancel_jobs.to_string())
                        explanation=Signal::derive(move || {
                            // The scope the button acts on: the backup's tenant, or all of them.
                            let tenant = backup_name.with(|n| n.as_ref().and_then(|n| n.tenant.clone()));
                            let scope = tenant.map_or_else(|| t().scope_all_tenants.to_string(), |name| fill(t().scope_one_tenant, &[&name]));
                            fill(t().cancel_jobs_explain, &[&scope])
                        })
                        danger=true
                        test_id="cancel-jobs"
                        perform=jobs.cancel.get_value()
                        on_done=on_done />
                </Show>
                <DagActions dag=dag pending_node_pass=pending_node_pass on_done=on_done />
                <DagTimeline dag=dag now_ms=now_ms on_pass_node=on_pass_node />
            </Show>
        </section>
    }
}

/// Shown (never rendered as data) until the first fetch answers.
fn placeholder(id: &str) -> DagDetail {
    DagDetail {
        id: id.to_string(),
        dag_id: 0,
        name: String::new(),
        stage: 0,
        max_stage: 0,
        maintenance_type: 0,
        maintenance_key: String::new(),
        state: obshell_api::State::Pending,
        operator: obshell_api::Operator::Run,
        start_time: None,
        end_time: None,
        additional_data: None,
        nodes: None,
    }
}
