//! Real progress while a backup runs: each tenant's backup job as OceanBase reports it
//! (`GET /api/v1/obcluster/backup/overview`), with a bar, bytes, rate and time left, and,
//! for an incremental backup, whether OceanBase is taking it in full.

use crate::format;
use crate::i18n::fill;
use crate::state::use_ctx;
use crate::tenant_names::name_of;
use leptos::prelude::*;
use obshell_api::backup::{CdbObBackupTask, JobOutcome};

#[component]
pub fn BackupProgress(
    #[prop(into)] jobs: Signal<Vec<CdbObBackupTask>>,
    /// How long the wait stage has run, for the time-left estimate.
    #[prop(into)]
    elapsed_ms: Signal<Option<i64>>,
    /// `(tenant id, name)`, for the jobs' headings.
    #[prop(into)]
    names: Signal<Vec<(i64, String)>>,
    /// The same jobs as OceanBase's job list records them, once known (incremental backups).
    #[prop(into)]
    recorded: Signal<Vec<JobOutcome>>,
) -> impl IntoView {
    let ui = use_ctx().ui;
    let t = move || ui.lang.get().texts();
    // "t1 (1002) · backup set 3", or "Tenant 1002 · backup set 3" until the name is known.
    let heading = move |tenant_id: i64, set: i64| {
        let tenant = names.with(|n| name_of(n, tenant_id).map(|name| format!("{name} ({tenant_id})")));
        let texts = t();
        match tenant {
            Some(tenant) => fill(texts.progress_named_tenant, &[&tenant, &set.to_string()]),
            None => fill(texts.progress_tenant, &[&tenant_id.to_string(), &set.to_string()]),
        }
    };
    view! {
        <Show when=move || jobs.with(|j| !j.is_empty())>
            <section class="obp-card obp-progress" data-testid="backup-progress" aria-live="polite">
                <h2>{move || t().progress_title}</h2>
                {move || jobs.get().into_iter().map(|job| {
                    let lang = ui.lang.get();
                    let t = lang.texts();
                    let done = job.fraction_done();
                    let percent = done.map(|d| (d * 100.0).floor() as i64);
                    let eta = elapsed_ms.get().and_then(|ms| job.eta_secs(ms as f64 / 1000.0));
                    let failed = job.result != 0 || job.status == "FAILED";
                    let record = recorded.with(|r| r.iter().find(|r| r.job_id == job.job_id).cloned());
                    let in_full = record.as_ref().is_some_and(JobOutcome::is_full);
                    let kind = record.map(|r| r.backup_type);
                    view! {
                        <div class="obp-progress-job" data-testid="progress-job" data-status=job.status.clone() data-backup-type=kind>
                            <p class="obp-progress-head">
                                <strong data-testid="progress-tenant">{heading(job.tenant_id, job.backup_set_id)}</strong>
                                " "
                                <span class="obp-badge">{job.status.clone()}</span>
                            </p>
                            {in_full.then(|| view! {
                                <p class="obp-notice obp-notice-warn" data-testid="progress-taken-in-full">{t.progress_taken_in_full}</p>
                            })}
                            {percent.map(|p| view! {
                                <progress max="100" value=p.to_string() aria-label=format!("{p}%")></progress>
                                <p class="obp-muted" data-testid="progress-done">{fill(t.progress_done, &[
                                    &p.to_string(),
                                    &job.finish_macro_block_count.to_string(), &job.macro_block_count.to_string(),
                                    &job.finish_tablet_count.to_string(), &job.tablet_count.to_string(),
                                ])}</p>
                            })}
                            <p class="obp-muted">{fill(t.progress_bytes, &[
                                &format::bytes(job.input_bytes), &format::bytes(job.output_bytes),
                                &format::bytes(job.output_rate_bytes as i64),
                            ])}</p>
                            {eta.map(|secs| view! {
                                <p data-testid="progress-eta">{fill(t.progress_eta, &[&format::duration((secs * 1000.0) as i64, lang)])}</p>
                            })}
                            {failed.then(|| view! {
                                <p class="obp-notice obp-notice-warn">{fill(t.progress_result, &[&job.result.to_string(), &job.comment])}</p>
                            })}
                        </div>
                    }
                }).collect_view()}
            </section>
        </Show>
    }
}
