//! Hostile and unexpected answers on the DAG page while it polls: a proxy's HTML page, empty,
//! truncated and mistyped JSON, `successful:false` with HTTP 200, a 20 MB body, a newer
//! obshell's unknown states and fields, and a real 1,000-sub-task DAG with a 100,000-line log.
//! Each checks what the user sees, that nothing panicked, and that the panel recovers by itself.

mod common;

use common::*;
use obshell_sim::SimConfig;
use panel_e2e::{sim, Harness};
use std::time::{Duration, Instant};

/// Speed at which a full backup DAG takes about 10 s: still running while faults hit it.
const LIVE: f64 = 10.0;

/// One hostile answer to the next two DAG polls: the panel explains it, says it is
/// reconnecting, backs off, and reaches the end of the DAG by itself without a reload.
async fn hostile_answer_then_recovery(status: u16, content_type: &str, body: Vec<u8>, message: &str, hint: &str) {
    let h = Harness::start(sim("healthy", LIVE)).await;
    let id = start_and_follow(&h).await;
    h.wait_text("[data-testid=poll-status]", "Live").await;
    mark_page(&h).await;
    let before = h.sim.api_requests();
    h.sim.inject(reply("GET", &dag_path(&id), 2, status, content_type, body));
    h.click("[data-testid=refresh]").await;

    h.wait("[data-testid=error-panel]").await;
    let shown = h.text("[data-testid=error-message]").await;
    assert!(shown.contains(message), "error message {shown:?} should contain {message:?}");
    let next = h.text("[data-testid=error-hint]").await;
    assert!(next.contains(hint), "hint {next:?} should contain {hint:?}");
    if !message.contains("too large") {
        // The HTTP status is one of the facts shown (when there was an answer to read).
        assert_eq!(h.text("[data-testid=error-status]").await, status.to_string());
    }
    h.wait_text("[data-testid=poll-status]", "Reconnecting in").await;
    // The last good state stays on screen under the error.
    assert_eq!(h.count("[data-testid=timeline]").await, 1, "the timeline stays visible during the fault");
    assert_alive(&h).await;

    // The fault ends (two polls): the panel carries on by itself.
    wait_succeeded_clean(&h).await;
    h.wait_text("[data-testid=poll-status]", "no more updates").await;
    assert_same_page(&h).await;
    assert!(h.sim.api_requests() > before + 2, "the panel kept polling the agent");
    assert_eq!(h.sim.recorded_backups().len(), 1, "nothing was started again");
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn a_proxys_html_502_page_during_polling() {
    let html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    hostile_answer_then_recovery(502, "text/html", html.into(), "Something other than obshell answered (HTTP 502, text/html)", "A proxy or web server answered instead of obshell").await;
}

#[tokio::test]
async fn an_empty_200_during_polling() {
    hostile_answer_then_recovery(200, "application/json", Vec::new(), "obshell's answer could not be read", "The answer was cut short").await;
}

#[tokio::test]
async fn truncated_json_during_polling() {
    let cut = r#"{"successful":true,"timestamp":"2026-01-01T00:00:00+08:00","duration":1,"status":200,"traceId":"0123456789abcdef","data":{"id":"1"#;
    hostile_answer_then_recovery(200, "application/json", cut.into(), "obshell's answer could not be read", "The answer was cut short").await;
}

#[tokio::test]
async fn an_envelope_with_wrong_types_during_polling() {
    let wrong = r#"{"successful":"yes","timestamp":5,"duration":"fast","status":"200","traceId":7,"data":{"id":15,"state":["RUNNING"],"nodes":"none"}}"#;
    hostile_answer_then_recovery(200, "application/json", wrong.into(), "obshell's answer could not be read", "The answer was cut short").await;
}

#[tokio::test]
async fn a_200_saying_successful_false_during_polling() {
    let odd = r#"{"successful":false,"timestamp":"2026-01-01T00:00:00+08:00","duration":0,"status":200,"traceId":"0123456789abcdef"}"#;
    hostile_answer_then_recovery(200, "application/json", odd.into(), "successful=false", "The answer was cut short").await;
}

#[tokio::test]
async fn a_20_mb_answer_during_polling() {
    // Valid-looking JSON padded to 20 MB: over the panel's 16 MiB cap, refused unread.
    let mut big = br#"{"successful":true,"status":200,"pad":""#.to_vec();
    big.resize(20 * 1024 * 1024, b'x');
    big.extend_from_slice(br#""}"#);
    hostile_answer_then_recovery(200, "application/json", big, "too large", "The answer was cut short").await;
}

const OK_HEAD: &str = r#""successful":true,"timestamp":"2026-01-01T00:00:00+08:00","duration":1,"status":200,"traceId":"0123456789abcdef""#;

#[tokio::test]
async fn a_newer_obshell_with_unknown_states_extra_and_missing_fields_and_null_nodes() {
    let h = Harness::start(sim("healthy", LIVE)).await;
    let id = start_and_follow(&h).await;
    h.wait_text("[data-testid=poll-status]", "Live").await;

    // 1. Unknown DAG state and operator, extra fields everywhere, no times, no dag_id,
    //    `nodes: null`.
    let newer = format!(
        r#"{{{OK_HEAD},"apiVersion":3,"data":{{"id":"{id}","name":"Obcluster start full backup","stage":1,"max_stage":4,
        "state":"PAUSED","operator":"SUSPEND","priority":"high","labels":["a",{{"b":1}}],"nodes":null}}}}"#
    );
    h.sim.inject(inject("GET", &dag_path(&id), None, obshell_sim::Action::Reply {
        status: 200,
        content_type: "application/json".into(),
        body: newer.into(),
    }));
    h.click("[data-testid=refresh]").await;
    h.wait_attr("[data-testid=dag-state] .obp-badge", "data-state", "PAUSED").await;
    let state = h.text("[data-testid=dag-state]").await;
    assert!(state.contains("Unknown") && state.contains("PAUSED"), "an unknown state is shown as unknown, with its name: {state:?}");
    assert_eq!(h.count("[data-testid=error-panel]").await, 0, "a newer obshell's answer is not an error: {}", h.body_text().await);
    assert_eq!(h.count("[data-testid=stage]").await, 0, "no nodes, no stage rows");
    assert_alive(&h).await;

    // 2. Nodes with unknown states/operators, `sub_tasks: null`, a sub-task with almost
    //    nothing, extra fields, and a stage number past the last node.
    h.sim.clear_injections();
    let newer = format!(
        r#"{{{OK_HEAD},"data":{{"id":"{id}","dag_id":1,"name":"Obcluster start full backup","stage":5,"max_stage":4,
        "state":"RUNNING","operator":"RUN","start_time":"2026-01-01T00:00:00+08:00","end_time":"0001-01-01T00:00:00Z","shard":9,
        "nodes":[
          {{"id":"n1","name":"Check destination","state":"SUCCEED","operator":"RUN","start_time":"2026-01-01T00:00:00+08:00",
            "end_time":"2026-01-01T00:00:05+08:00","sub_tasks":null,"weight":3}},
          {{"id":"n2","name":"Teleport","state":"QUEUED","operator":"SUSPEND","sub_tasks":[
            {{"id":"s1","state":"WAITING","operator":"NEW_OP","task_logs":null,
              "execute_agent":{{"ip":"10.0.0.9","port":2886,"zone":"z9","region":"r"}},"shiny":true}}]}},
          {{"id":"n3","name":"Later","state":"PENDING","operator":"RUN"}}]}}}}"#
    );
    h.sim.inject(inject("GET", &dag_path(&id), None, obshell_sim::Action::Reply {
        status: 200,
        content_type: "application/json".into(),
        body: newer.into(),
    }));
    h.click("[data-testid=refresh]").await;
    h.wait("[data-testid=stage][data-stage='3']").await;
    assert_eq!(h.count("[data-testid=stage]").await, 3);
    h.wait_attr("[data-testid=stage][data-stage='2']", "data-state", "QUEUED").await;
    let row = h.text("[data-testid=stage][data-stage='2']").await;
    assert!(row.contains("Teleport") && row.contains("Unknown (QUEUED)"), "{row:?}");
    h.click("[data-testid=stage][data-stage='2'] .obp-stage-toggle").await;
    let agent = h.text("[data-testid=stage][data-stage='2'] [data-testid=sub-task-agent]").await;
    assert!(agent.contains("10.0.0.9"), "{agent:?}");
    assert!(h.text("[data-testid=stage][data-stage='2'] [data-testid=sub-task]").await.contains("Unknown (WAITING)"));
    // The stage with `sub_tasks: null` expands to an empty list, not a crash.
    h.click("[data-testid=stage][data-stage='1'] .obp-stage-toggle").await;
    h.wait("[data-testid=stage][data-stage='1'] [data-testid=sub-tasks]").await;
    assert_eq!(h.count("[data-testid=stage][data-stage='1'] [data-testid=sub-task]").await, 0);
    assert_eq!(h.count("[data-testid=error-panel]").await, 0, "{}", h.body_text().await);
    assert_alive(&h).await;

    // The real agent answers again: the panel follows it to the end.
    h.sim.clear_injections();
    h.click("[data-testid=refresh]").await;
    wait_succeeded_clean(&h).await;
    assert_eq!(h.count("[data-testid=stage]").await, 4);
    assert_alive(&h).await;
    h.close().await;
}

#[tokio::test]
async fn a_big_dag_with_a_thousand_sub_tasks_and_a_huge_log_stays_usable() {
    let config = SimConfig {
        subtasks_per_stage: 1_000,
        log_lines_per_subtask: 100_000,
        long_log_line_bytes: Some(1 << 20),
        ..sim("healthy", 20.0)
    };
    let h = Harness::start(config).await;
    h.open("/").await;
    h.sign_in().await;
    let t0 = Instant::now();
    let id = h.start_backup().await;
    h.wait("[data-testid=timeline]").await;
    let first_render = t0.elapsed();
    // Responsive while it runs (polls of several MB every 2 s).
    let probe = Instant::now();
    h.browser.execute("return document.querySelectorAll('[data-testid=stage]').length", vec![]).await.expect("execute");
    let probe_running = probe.elapsed();

    // The end, with the whole log in the DAG (obshell sends task_logs inline).
    let t = Instant::now();
    wait_text_for(&h, "[data-testid=summary]", "Succeeded in", Duration::from_secs(120)).await;
    let to_success = t.elapsed();
    assert_eq!(h.count("[data-testid=stage]").await, 4);

    // Expand the stage with 1,000 sub-tasks: the first 100 rows, the rest on demand.
    let t = Instant::now();
    h.click("[data-testid=stage][data-stage='1'] .obp-stage-toggle").await;
    eventually("100 sub-task rows", &h, || async { h.count("[data-testid=stage][data-stage='1'] [data-testid=sub-task]").await == 100 }).await;
    let expand_1000 = t.elapsed();
    h.wait_text("[data-testid=stage][data-stage='1'] [data-testid=sub-tasks-hidden]", "900 more sub-tasks").await;
    h.click("[data-testid=stage][data-stage='1'] [data-testid=sub-tasks-more]").await;
    eventually("200 sub-task rows", &h, || async { h.count("[data-testid=stage][data-stage='1'] [data-testid=sub-task]").await == 200 }).await;
    let probe = Instant::now();
    h.browser.execute("return 1", vec![]).await.expect("execute");
    let probe_expanded = probe.elapsed();

    // Expand the last stage and open the full log of its sub-task (100,000 lines + 1 MB line).
    let t = Instant::now();
    h.click("[data-testid=stage][data-stage='4'] .obp-stage-toggle").await;
    // How long the page is frozen: a trivial script right after the click has to wait for it.
    h.browser.execute("return 1", vec![]).await.expect("execute");
    let freeze_expand_4 = t.elapsed();
    h.wait_attr("[data-testid=stage][data-stage='4'] .obp-stage-toggle", "aria-expanded", "true").await;
    h.wait("[data-testid=stage][data-stage='4'] [data-testid=full-log]").await;
    let expand_4 = t.elapsed();
    let t = Instant::now();
    h.click("[data-testid=stage][data-stage='4'] [data-testid=full-log]").await;
    h.browser.execute("return 1", vec![]).await.expect("execute");
    let freeze_full_log_click = t.elapsed();
    let wait_lines = |min: usize| {
        let h = &h;
        async move {
            let n = h
                .browser
                .execute(
                    "const p = document.querySelector('[data-testid=stage][data-stage=\"4\"] [data-testid=log-lines]'); return p ? p.children.length : 0",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_u64())
                .unwrap_or(0) as usize;
            n >= min
        }
    };
    // The newest 500 lines are on the page, the rest counted and one click away.
    eventually("the full log's newest lines", &h, || async {
        h.text("[data-testid=stage][data-stage='4'] [data-testid=log-hidden]").await.contains("earlier lines")
    })
    .await;
    let full_log = t.elapsed();
    assert!(wait_lines(500).await && !wait_lines(501).await, "exactly the newest 500 lines are rendered");
    h.click("[data-testid=stage][data-stage='4'] [data-testid=log-more]").await;
    eventually("2,000 more lines", &h, || wait_lines(2_500)).await;
    let longest = h
        .browser
        .execute(
            "const p = document.querySelector('[data-testid=stage][data-stage=\"4\"] [data-testid=log-lines]'); let m = 0; for (const c of p.children) { m = Math.max(m, c.textContent.length); } return m",
            vec![],
        )
        .await
        .expect("longest line")
        .as_u64()
        .unwrap_or(0);
    // The 1 MB line is cut on the page, saying how much is left out; copy and download keep it.
    assert!(longest < 10_000, "a 1 MB line must not be put on the page whole: {longest}");
    let mut clipped_note_found = false;
    for _ in 0..40 {
        let text = h
            .browser
            .execute("return [...document.querySelectorAll('[data-testid=stage][data-stage=\"4\"] [data-testid=log-lines] span')].some(s => s.textContent.includes('more characters'))", vec![])
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if text {
            clipped_note_found = true;
            break;
        }
        // The long line may sit further back: reveal more.
        if h.count("[data-testid=stage][data-stage='4'] [data-testid=log-more]").await == 0 {
            break;
        }
        h.click("[data-testid=stage][data-stage='4'] [data-testid=log-more]").await;
    }
    assert!(clipped_note_found, "the cut line says how many characters are left out");

    // Still responsive: a trivial script, a click that changes something.
    let probe = Instant::now();
    h.browser.execute("return 1", vec![]).await.expect("execute");
    let probe_log = probe.elapsed();
    let t = Instant::now();
    h.click("[data-testid=stage][data-stage='1'] .obp-stage-toggle").await;
    eventually("stage 1 collapsed", &h, || async { h.count("[data-testid=stage][data-stage='1'] [data-testid=sub-task]").await == 0 }).await;
    let collapse = t.elapsed();
    let scroll = Instant::now();
    h.browser.execute("window.scrollTo(0, document.body.scrollHeight); return window.scrollY", vec![]).await.expect("scroll");
    let scroll = scroll.elapsed();
    let memory = h
        .browser
        .execute("return performance.memory ? performance.memory.usedJSHeapSize : null", vec![])
        .await
        .ok();

    eprintln!(
        "BIG DAG FIGURES: dag {id}: first render {first_render:?}; script while running {probe_running:?}; \
         to success {to_success:?}; expand 1,000 sub-tasks {expand_1000:?}; script after {probe_expanded:?}; \
         expand stage 4 (100k inline lines) {expand_4:?} (click+script {freeze_expand_4:?}); full-log click+script {freeze_full_log_click:?}; full log fetched+rendered {full_log:?}; script after {probe_log:?}; \
         collapse 1,000 rows {collapse:?}; scroll {scroll:?}; JS heap {memory:?}"
    );
    // Behaviour, generously: the page answers within seconds, never hangs.
    for (what, took) in [("script while running", probe_running), ("script after expand", probe_expanded), ("script after full log", probe_log), ("scroll", scroll)] {
        assert!(took < Duration::from_secs(5), "{what} took {took:?}");
    }
    for (what, took) in [("expanding the stage with the 100k-line log", freeze_expand_4), ("opening the full log", freeze_full_log_click)] {
        assert!(took < Duration::from_secs(20), "the page froze for {took:?} {what}");
    }
    assert_alive(&h).await;
    h.close().await;
}
