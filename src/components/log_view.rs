//! A sub-task's log lines with `ERROR:`/`WARN:` lines marked, plus the full log on demand
//! (`GET /task/sub_task/:id/logs`, every execution), copy and download.

use crate::client::ClientError;
use crate::components::copy_button::CopyButton;
use crate::components::error_panel::ErrorPanel;
use crate::state::use_ctx;
use leptos::prelude::*;

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
pub fn LogView(sub_task_id: String, #[prop(into)] lines: Signal<Vec<String>>) -> impl IntoView {
    let ctx = use_ctx();
    let (client, ui) = (ctx.client.clone(), ctx.ui);
    let t = move || ui.lang.get().texts();
    let full = RwSignal::new(None::<Result<Vec<String>, ClientError>>);
    let loading = RwSignal::new(false);
    let shown = move || match full.get() {
        Some(Ok(all)) => all,
        _ => lines.get(),
    };
    let text = Signal::derive(move || shown().join("\n"));
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
            <Show when=move || !shown().is_empty() fallback=move || view! { <p class="obp-muted">{t().no_logs}</p> }>
                <pre class="obp-log-lines" data-testid="log-lines">
                    {move || shown().into_iter().map(|line| {
                        let class = line_class(&line);
                        view! { <span class=class>{line}"\n"</span> }
                    }).collect_view()}
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
