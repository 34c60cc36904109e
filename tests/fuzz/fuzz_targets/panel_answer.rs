//! An HTTP answer as the panel reads it: the envelope check, `data` decoded into every shape the
//! panel asks for, then the pure code the views run on what was decoded (DAG rules, time axis,
//! bars, history rows and exports, progress, log windows, the error text shown to the user).
#![no_main]

use libfuzzer_sys::fuzz_target;
use obshell_api::backup::{CdbObBackupTask, JobOutcomePage};
use obshell_api::{AgentInfo, BackupDagName, Contents, DagDetail, DagOperator};
use obshell_panel::client::decode::{data, reply};
use obshell_panel::components::log_view::line_class;
use obshell_panel::components::stage_row::bar_geometry;
use obshell_panel::i18n::Lang;
use obshell_panel::{format, history, log_window};

fuzz_target!(|input: &[u8]| {
    // The whole input is the body, so obshell's own answers (the DAG fixtures) seed it as they
    // are. Each is read as a 200 and as a status that varies with the input (100 to 599).
    let body = String::from_utf8_lossy(input);
    let varied = 100 + (input.len() % 500) as u16;
    for status in [200, varied] {
        read(status, &body);
    }
});

fn read(status: u16, body: &str) {
    // "Now" for running spans: near the fixtures' 2026 for a 200, decades before them
    // otherwise (a browser clock far behind the agent's).
    let now_ms = if status == 200 { 1_778_231_267_000 } else { i64::from(status) * 1_000_003 };

    let shown = |error: obshell_panel::client::ClientError| {
        for lang in [Lang::En, Lang::Zh] {
            let _ = lang.texts().describe(&error, lang);
        }
        let _ = (error.next_step(), error.outcome_unknown(), error.is_session_lost(), error.status());
    };
    let answer = |f: &dyn Fn(obshell_panel::client::decode::Reply<'_>)| match reply(status, "application/json", body) {
        Ok(r) => f(r),
        Err(e) => shown(e),
    };

    answer(&|r| match data::<DagDetail>(r) {
        Ok(mut dag) => {
            dag_views(&dag, now_ms);
            let previous = dag.clone();
            dag.share_unchanged(&previous);
        }
        Err(e) => shown(e),
    });
    answer(&|r| match data::<Contents<DagDetail>>(r) {
        Ok(list) => {
            let mut rows = history::rows(&list.contents);
            // The same body as a tenant's job list places the rows' jobs.
            if let Ok(Ok(page)) = reply(status, "application/json", body).map(data::<JobOutcomePage>) {
                let _ = (page.incremental_base(None), page.incremental_base(Some(body)));
                history::mark_taken_in_full(&mut rows, &[("t1".into(), Some(page.contents)), ("t2".into(), None)]);
                let _ = history::tenants_to_ask(&rows);
                let filter = obshell_panel::history_filter::Filter::from_query(body);
                let _ = (filter.to_query(), rows.iter().filter(|r| filter.keeps(r)).count());
            }
            let _ = (history::to_csv(&rows), history::to_json(&rows));
            let except = list.contents.first().map(|d| d.id.clone()).unwrap_or_default();
            let _ = history::typical_backup_ms(&rows, None, None, &except);
            let _ = history::typical_backup_ms(&rows, Some("t1"), Some(obshell_api::BackupMode::Incremental), &except);
        }
        Err(e) => shown(e),
    });
    answer(&|r| match data::<Vec<CdbObBackupTask>>(r) {
        Ok(jobs) => {
            for job in &jobs {
                let _ = (job.fraction_done(), job.is_running(), job.eta_secs(f64::from(status)));
                let _ = (format::bytes(job.input_bytes), format::bytes(job.output_bytes), format::bytes(job.output_rate_bytes as i64));
            }
        }
        Err(e) => shown(e),
    });
    answer(&|r| match data::<AgentInfo>(r) {
        Ok(agent) => {
            let _ = agent.check_compatible();
        }
        Err(e) => shown(e),
    });
}

/// What the DAG page, the timeline and its rows compute from one answer.
fn dag_views(dag: &DagDetail, now_ms: i64) {
    let _ = BackupDagName::parse(&dag.name);
    let _ = (dag.is_finished(), dag.current_node(), dag.failed_node(), dag.was_cancelled(), dag.allowed_operators());
    for op in DagOperator::ALL {
        let _ = dag.allows(op);
    }
    let axis = dag.axis(now_ms);
    for span in std::iter::once(dag.span()).chain(dag.nodes().iter().map(|n| n.span())) {
        let _ = bar_geometry(span, axis, now_ms);
        let _ = span.bounds(now_ms).map(|(s, e)| (format::local_time(s), format::local_time(e)));
        let _ = span.duration_ms(now_ms).map(|ms| (format::duration(ms, Lang::En), format::duration(ms, Lang::Zh)));
    }
    for node in dag.nodes() {
        let _ = (dag.node_can_pass(node), node.last_error_line());
        if let Some(t) = node.start_time {
            let _ = format::agent_time(&t.0);
        }
        for task in &node.sub_tasks {
            let _ = bar_geometry(task.span(), axis, now_ms);
            for shown in [0, 1, 500, usize::MAX] {
                let (_hidden, lines) = log_window::tail(task.logs(), shown);
                for line in lines {
                    let _ = (log_window::clip(line), line_class(line));
                }
            }
        }
    }
}
