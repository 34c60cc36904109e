//! `/history`: past backup and backup-destination tasks from obshell's task list, each linked
//! to its timeline, filtered by state, scope and kind (kept in the URL), exportable as CSV and
//! JSON.

use crate::client::ClientError;
use crate::components::error_panel::ErrorPanel;
use crate::components::history_filters::HistoryFilters;
use crate::components::state_badge::StateBadge;
use crate::download::save_text;
use crate::format;
use crate::i18n::fill;
use crate::history::{self, HistoryRow, Kind};
use crate::history_filter::{self, Filter};
use crate::history_jobs;
use crate::state::use_ctx;
use leptos::prelude::*;
use crate::router::Link;
use obshell_api::{BackupMode, Operator, State};

#[component]
pub fn HistoryPage() -> impl IntoView {
    let ctx = use_ctx();
    let (client, session, ui, router) = (ctx.client.clone(), ctx.session, ctx.ui, ctx.router);
    let t = move || ui.lang.get().texts();
    let rows = RwSignal::new(None::<Result<Vec<HistoryRow>, ClientError>>);
    // The filters live in the URL, and only there: a reload, a bookmark, a shared link, the
    // History link or Back shows the rows the URL says.
    let filter = Memo::new(move |_| Filter::from_query(&router.query()));
    let set_filter = Callback::new(move |f: Filter| router.replace_query(&f.to_query()));
    let tenants = Signal::derive(move || rows.with(|r| match r {
        Some(Ok(list)) => history_filter::tenants_named(list),
        _ => Vec::new(),
    }));
    // The rows the filter keeps: what the table shows, the count says and the exports hold.
    let shown = Memo::new(move |_| rows.with(|r| match r {
        Some(Ok(list)) => filter.with(|f| list.iter().filter(|row| f.keeps(row)).cloned().collect()),
        _ => Vec::new(),
    }));
    let counts = Signal::derive(move || {
        let all = rows.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len));
        (shown.with(Vec::len), all)
    });
    // Only the newest load may answer: a refresh can overtake one still reading job lists.
    let loads = StoredValue::new(0u64);
    let reload = move || {
        let client = client.clone();
        let load = loads.get_value().wrapping_add(1);
        loads.set_value(load);
        leptos::task::spawn_local(async move {
            let answer = client.cluster_dags().await.map(|dags| history::rows(&dags));
            // `try_`: the page may have been left while obshell answered.
            let current = move || loads.try_get_value() == Some(load);
            let tenants = match &answer {
                Ok(list) => history::tenants_to_ask(list),
                Err(_) => None,
            };
            if !current() {
                return;
            }
            rows.set(Some(answer));
            // Then what OceanBase ran, which only its job lists tell.
            let Some(tenants) = tenants else { return };
            let Some(jobs) = history_jobs::job_lists(&client, tenants, current).await else { return };
            rows.update(|rows| {
                if let Some(Ok(list)) = rows {
                    history::mark_taken_in_full(list, &jobs);
                }
            });
        });
    };
    {
        let reload = reload.clone();
        Effect::new(move |_| {
            if session.signed_in.get() {
                reload();
            }
        });
    }
    // What is exported is what is shown.
    let export = move |csv: bool| {
        let list = shown.get_untracked();
        if csv {
            save_text("obshell-backup-history.csv", "text/csv;charset=utf-8", &history::to_csv(&list));
        } else {
            save_text("obshell-backup-history.json", "application/json", &history::to_json(&list));
        }
    };

    let table = move |list: Vec<HistoryRow>| {
        let lang = ui.lang.get();
        let t = lang.texts();
        let body = list
            .into_iter()
            .map(|r| {
                let mode = match (r.kind, r.mode) {
                    (Kind::Config, _) => t.kind_config,
                    (_, Some(BackupMode::Full)) => t.mode_full,
                    (_, Some(BackupMode::Incremental)) => t.mode_incremental,
                    (_, None) => "–",
                };
                // For tests and scripts: present once OceanBase's job lists placed this backup.
                let placed = r.taken_in_full.as_ref().map(|tenants| tenants.join(" "));
                let taken_in_full = r.taken_in_full.filter(|tenants| !tenants.is_empty()).map(|tenants| {
                    view! {
                        <div class="obp-muted" data-testid="history-taken-in-full" title=t.history_taken_in_full_help>
                            {fill(t.history_taken_in_full, &[&tenants.join(", ")])}
                        </div>
                    }
                });
                let scope = r.tenant.clone().unwrap_or_else(|| t.scope_cluster_short.to_string());
                let started = r
                    .start_time
                    .as_deref()
                    .and_then(obshell_api::ObTime::parse)
                    .map_or_else(|| "–".to_string(), |s| format::local_time(s.unix_millis()));
                let duration = r.duration_ms.map_or_else(|| "–".to_string(), |ms| format::duration(ms, lang));
                let state = State::parse(&r.state);
                let operator = if r.cancelled { Operator::Cancel } else { Operator::Run };
                view! {
                    <tr data-testid="history-row" data-id=r.id.clone()>
                        <td><Link to=format!("/dag/{}", r.id)>{format!("{} ({})", r.name, r.id)}</Link></td>
                        <td data-testid="history-mode" data-taken-in-full=placed>{mode}{taken_in_full}</td>
                        <td>{scope}</td>
                        <td><StateBadge state=Signal::stored(state) operator=Signal::stored(operator) /></td>
                        <td>{started}</td>
                        <td data-testid="history-duration">{duration}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            // The wrapper scrolls a wide table inside the page; the table itself fills it.
            <div class="obp-table-scroll">
            <table class="obp-table" data-testid="history-table">
                <thead><tr>
                    <th scope="col">{t.col_task}</th>
                    <th scope="col">{t.col_mode}</th>
                    <th scope="col">{t.col_scope}</th>
                    <th scope="col">{t.col_state}</th>
                    <th scope="col">{t.col_started}</th>
                    <th scope="col">{t.col_duration}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
            </div>
        }
    };

    view! {
        <section class="obp-page" data-testid="history-page">
            <h1>{move || t().history_title}</h1>
            <p class="obp-muted">{move || t().history_intro}</p>
            <div class="obp-action-row">
                <button type="button" class="obp-link-button" data-testid="refresh" on:click={
                    let reload = reload.clone();
                    move |_| reload()
                }>{move || t().refresh_now}</button>
                <button type="button" class="obp-button" data-testid="export-csv" on:click=move |_| export(true)
                    disabled=move || !matches!(rows.get(), Some(Ok(_)))>{move || t().export_csv}</button>
                <button type="button" class="obp-button" data-testid="export-json" on:click=move |_| export(false)
                    disabled=move || !matches!(rows.get(), Some(Ok(_)))>{move || t().export_json}</button>
            </div>
            <HistoryFilters filter=filter on_change=set_filter tenants=tenants counts=counts />
            {move || match rows.get() {
                None => view! { <p class="obp-muted">{t().loading}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel error=e /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="obp-muted">{t().history_empty}</p> }.into_any(),
                Some(Ok(_)) => match shown.get() {
                    list if list.is_empty() => view! { <p class="obp-muted" data-testid="history-no-match">{t().history_no_match}</p> }.into_any(),
                    list => table(list).into_any(),
                },
            }}
        </section>
    }
}
