//! A sub-task's log lines with `ERROR:`/`WARN:` lines marked, plus the full log on demand
//! (`GET /task/sub_task/:id/logs`, every execution), copy and download.

use crate::client::ClientError;
use crate::components::copy_button::CopyButton;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::fill;
use crate::log_window::{clip, tail, LOG_STEP, LOG_TAIL};
use crate::state::use_ctx;
use leptos::prelude::*;
use obshell_api::SubTaskDetail;
use std::sync::Arc;

/// How a line is marked.
pub fn line_class(line: &str) -> &'static str {
    let trimmed = line.trim_start();
    if trimmed.starts_with("ERROR") {
        "obp-log-error"
    } else if trimmed.starts_with("WARN") {
        "obp-log-warn"
    } else {
        "obp-log-line"
    }
}

#[component]
pub fn LogView(
    sub_task_id: String,
    /// The sub-task whose `task_logs` are shown until the full log is loaded.
    #[prop(into)]
    sub_task: Signal<Option<Arc<SubTaskDetail>>>,
) -> impl IntoView {
    let lines = move |f: &dyn Fn(&[String]) -> AnyView| sub_task.with(|s| f(s.as_deref().map_or(&[], SubTaskDetail::logs)));
    let lines_text = move || sub_task.with(|s| s.as_deref().map_or(&[][..], SubTaskDetail::logs).join("\n"));
    let has_dag_lines = move || sub_task.with(|s| s.as_deref().is_some_and(|s| !s.logs().is_empty()));
    let ctx = use_ctx();
    let (client, ui) = (ctx.client.clone(), ctx.ui);
    let t = move || ui.lang.get().texts();
    let full = RwSignal::new(None::<Result<Vec<String>, ClientError>>);
    let loading = RwSignal::new(false);
    // The full log once loaded, else the lines in the DAG; read in place, never cloned per
    // render (a log can hold 100,000 lines).
    let with_lines = move |f: &dyn Fn(&[String]) -> AnyView| {
        full.with(|full| match full {
            Some(Ok(all)) => f(all),
            _ => lines(f),
        })
    };
    let has_lines = move || full.with(|f| matches!(f, Some(Ok(all)) if !all.is_empty())) || has_dag_lines();
    let text = Signal::derive(move || {
        full.with(|full| match full {
            Some(Ok(all)) => all.join("\n"),
            _ => lines_text(),
        })
    });
    // How many of the newest lines are on the page; see `log_window`.
    let limit = RwSignal::new(LOG_TAIL);
    let id_for_fetch = sub_task_id.clone();
    let load_full = move |_| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let (client, id) = (client.clone(), id_for_fetch.clone());
        leptos::task::spawn_local(async move {
            let result = client
                .sub_task_logs(&id)
                .await
                .map(|logs| logs.into_iter().map(|l| l.log_content).collect::<Vec<_>>());
            let started = crate::perf::now();
            full.set(Some(result));
            crate::perf::measure_render("obp:log-update", started);
            loading.set(false);
        });
    };
    let file_name = format!("subtask_{sub_task_id}.log");
    let download = move |_| crate::download::save_text(&file_name, "text/plain;charset=utf-8", &text.get_untracked());

    view! {
        <div class="obp-log">
            <div class="obp-log-tools">
                <span class="obp-log-title">{move || t().logs}</span>
                <button type="button" class="obp-link-button" on:click=load_full disabled=move || loading.get()
                    data-testid="full-log">{move || t().full_log}</button>
                <CopyButton text=text />
                <button type="button" class="obp-link-button" on:click=download>{move || t().download}</button>
            </div>
            {move || match full.get() {
                Some(Err(e)) => Some(view! { <ErrorPanel error=e /> }),
                _ => None,
            }}
            <Show when=has_lines fallback=move || view! { <p class="obp-muted">{t().no_logs}</p> }>
                {move || with_lines(&|all| {
                    let hidden = tail(all, limit.get()).0;
                    (hidden > 0).then(|| view! {
                        <p class="obp-muted" data-testid="log-hidden">
                            {fill(t().log_hidden, &[&hidden.to_string()])}
                            " "
                            <button type="button" class="obp-link-button" data-testid="log-more"
                                on:click=move |_| limit.update(|l| *l += LOG_STEP)>
                                {fill(t().show_more, &[&hidden.min(LOG_STEP).to_string()])}
                            </button>
                        </p>
                    }).into_any()
                })}
                <pre class="obp-log-lines" data-testid="log-lines">
                    {move || with_lines(&|all| {
                        let clipped = t().line_clipped;
                        tail(all, limit.get()).1.iter().map(|line| {
                            let class = line_class(line);
                            let (kept, left) = clip(line);
                            let note = (left > 0).then(|| fill(clipped, &[&left.to_string()]));
                            view! { <span class=class>{kept.to_string()}{note}"\n"</span> }
                        }).collect_view().into_any()
                    })}
                </pre>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::line_class;

    #[test]
    fn marks_errors_and_warnings() {
        assert_eq!(line_class("ERROR: [OB.Backup.X]: boom"), "obp-log-error");
        assert_eq!(line_class("WARN: slow"), "obp-log-warn");
        assert_eq!(line_class("Start full backup of t1(1002)"), "obp-log-line");
    }
}
