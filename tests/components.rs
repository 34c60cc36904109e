//! Browser component tests: real components mounted into a real DOM in headless Chromium
//! (wasm-bindgen-test-runner + chromedriver). Run with `./dev test`, or
//! `cargo test -p obshell-panel --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use obshell_api::{ApiError, DagDetail};
use obshell_panel::backup_form::BackupForm;
use obshell_panel::client::{ApiFailure, ClientError};
use obshell_panel::components::backup_form::BackupFormFields;
use obshell_panel::components::dag_timeline::DagTimeline;
use obshell_panel::components::error_panel::ErrorPanel;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mount a view into a fresh container; keep the handle alive for the test's duration.
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> (web_sys::HtmlElement, impl Drop) {
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), f);
    (root, handle)
}

fn q(root: &web_sys::HtmlElement, css: &str) -> web_sys::HtmlElement {
    root.query_selector(css).unwrap().unwrap_or_else(|| panic!("no {css}")).unchecked_into()
}

fn count(root: &web_sys::HtmlElement, css: &str) -> u32 {
    root.query_selector_all(css).unwrap().length()
}

fn type_into(input: &web_sys::HtmlElement, text: &str) {
    let input: web_sys::HtmlInputElement = input.clone().unchecked_into();
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

async fn tick() {
    leptos::task::tick().await;
    gloo_timers::future::TimeoutFuture::new(10).await;
}

#[wasm_bindgen_test]
async fn form_blocks_mismatched_encryption_and_submits_once() {
    let form = RwSignal::new(BackupForm::default());
    let busy = RwSignal::new(false);
    let submits = Arc::new(AtomicUsize::new(0));
    let counter = submits.clone();
    let (root, _h) = mount(move || {
        let on_submit = Callback::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            // The page locks the form as soon as a start is under way.
            busy.set(true);
        });
        let tenants = Signal::derive(|| Some(vec!["t1".to_string(), "t2".to_string()]));
        view! { <BackupFormFields form=form busy=busy on_submit=on_submit tenants=tenants tenants_failed=Signal::derive(|| false)
            without_base=Signal::derive(Vec::new) /> }
    });
    tick().await;
    // The scope: the whole cluster by default, or one of the tenants offered.
    assert_eq!(count(&root, "[data-testid=scope] option"), 3);
    let scope: web_sys::HtmlSelectElement = q(&root, "[data-testid=scope]").unchecked_into();
    scope.set_value("t2");
    scope.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    tick().await;
    assert_eq!(form.get_untracked().tenant.as_deref(), Some("t2"));
    scope.set_value("");
    scope.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    tick().await;
    assert_eq!(form.get_untracked().tenant, None);
    let start = q(&root, "[data-testid=start-backup]");
    assert!(!start.has_attribute("disabled"), "an empty form (full, no encryption) can be sent");

    type_into(&q(&root, "[data-testid=encryption]"), "secret-1");
    type_into(&q(&root, "[data-testid=encryption-confirm]"), "secret-2");
    tick().await;
    assert!(start.has_attribute("disabled"), "mismatched passwords block the start");
    assert_eq!(q(&root, "[data-testid=form-problem]").text_content().unwrap(), "The two encryption passwords differ.");
    assert_eq!(q(&root, "[data-testid=encryption-confirm]").get_attribute("aria-invalid").as_deref(), Some("true"));

    type_into(&q(&root, "[data-testid=encryption-confirm]"), "secret-1");
    tick().await;
    assert!(!start.has_attribute("disabled"));
    assert_eq!(q(&root, "[data-testid=form-problem]").text_content().unwrap(), "");
    // Autocomplete must never offer a saved password here.
    assert_eq!(q(&root, "[data-testid=encryption]").get_attribute("autocomplete").as_deref(), Some("new-password"));

    // Double click: the second click finds the form busy.
    start.click();
    tick().await;
    start.click();
    tick().await;
    assert_eq!(submits.load(Ordering::SeqCst), 1);
    assert!(start.has_attribute("disabled"));
    assert_eq!(start.text_content().unwrap(), "Starting…");
    assert_eq!(form.get_untracked().to_request().unwrap().encryption.as_deref(), Some("secret-1"));
}

fn sub_task(id: u32, state: &str, start: &str, end: &str, logs: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "id": format!("1{id}"), "task_id": id, "name": format!("Check destination {id}"),
        "state": state, "operator": "RUN", "start_time": start, "end_time": end,
        "additional_data": null, "execute_times": 1,
        "execute_agent": {"ip": format!("10.0.{}.{}", id / 250, id % 250), "port": 2886},
        "task_logs": logs,
    })
}

fn dag_json(nodes: Vec<serde_json::Value>, state: &str, stage: usize) -> Arc<DagDetail> {
    Arc::new(dag_value(nodes, state, stage))
}

fn dag_value(nodes: Vec<serde_json::Value>, state: &str, stage: usize) -> DagDetail {
    let max = nodes.len();
    serde_json::from_value(serde_json::json!({
        "id": "11", "dag_id": 1, "name": "Obcluster start full backup", "stage": stage, "max_stage": max,
        "maintenance_type": 1, "maintenance_key": "", "state": state, "operator": "RUN",
        "start_time": "2026-05-08T17:00:00+08:00", "end_time": "2026-05-08T17:00:00+08:00",
        "additional_data": {}, "nodes": nodes,
    }))
    .unwrap()
}

fn node(n: usize, name: &str, state: &str, start: &str, end: &str, subs: Vec<serde_json::Value>) -> serde_json::Value {
    serde_json::json!({
        "id": format!("1{n}"), "node_id": n, "name": name, "state": state, "operator": "RUN",
        "start_time": start, "end_time": end, "additional_data": null, "sub_tasks": subs,
    })
}

const T0: &str = "2026-05-08T17:00:00+08:00";
const T1: &str = "2026-05-08T17:00:10+08:00";
const T2: &str = "2026-05-08T17:01:00+08:00";
const EPOCH: &str = "1970-01-01T08:00:00+08:00";
const ZERO: &str = "0001-01-01T00:00:00Z";

#[wasm_bindgen_test]
async fn timeline_shows_every_state_and_survives_sentinel_times() {
    let dag = dag_json(
        vec![
            node(1, "Check destination", "SUCCEED", T0, T1, vec![sub_task(1, "SUCCEED", T0, T1, &[])]),
            // Running: end == start.
            node(2, "Open archive log", "RUNNING", T1, T1, vec![sub_task(2, "RUNNING", T1, T1, &["Open archive log of t1(1002)"])]),
            // Pending: creation time as start and end.
            node(3, "Start backup", "PENDING", T0, T0, vec![]),
            // Reset to the epoch, and a future obshell's unknown state with Go's zero time.
            node(4, "Wait backup Finish", "PAUSED", ZERO, EPOCH, vec![]),
        ],
        "RUNNING",
        2,
    );
    let now = time_ms(T2);
    let (root, _h) = mount(move || view! {
        <DagTimeline dag=Signal::derive(move || dag.clone()) now_ms=Signal::derive(move || now)
            on_pass_node=Callback::new(|_: String| {}) />
    });
    tick().await;
    assert_eq!(count(&root, "[data-testid=stage]"), 4);
    let states: Vec<String> = (1..=4).map(|i| q(&root, &format!("[data-stage='{i}']")).get_attribute("data-state").unwrap()).collect();
    assert_eq!(states, ["SUCCEED", "RUNNING", "PENDING", "PAUSED"]);
    // Every state is spelled out, not only coloured.
    let text = root.text_content().unwrap();
    for word in ["Succeeded", "Running", "Pending", "Unknown (PAUSED)"] {
        assert!(text.contains(word), "{word} missing in {text}");
    }
    // Bars only for started steps; the running one reaches now (50 s of the 60 s axis).
    assert_eq!(count(&root, ".obp-bar"), 2);
    let running_bar = q(&root, "[data-stage='2'] .obp-bar");
    assert_eq!(running_bar.style().get_property_value("width").unwrap(), "83.33%");
    assert_eq!(q(&root, "[data-stage='2'] [data-testid=stage-duration]").text_content().unwrap(), "50s");
    assert_eq!(q(&root, "[data-stage='3'] [data-testid=stage-duration]").text_content().unwrap(), "–");
    assert_eq!(q(&root, "[data-stage='4'] [data-testid=stage-duration]").text_content().unwrap(), "–");
    assert!(q(&root, "[data-stage='2']").class_list().contains("obp-current"));

    // Expanding a stage shows its sub-tasks with agent and attempts, and its log lines.
    q(&root, "[data-stage='2'] .obp-stage-toggle").click();
    tick().await;
    assert_eq!(q(&root, "[data-stage='2'] [data-testid=sub-task-agent]").text_content().unwrap(), "10.0.0.2:2886");
    assert!(q(&root, "[data-stage='2'] [data-testid=log-lines]").text_content().unwrap().contains("Open archive log of t1(1002)"));
}

#[wasm_bindgen_test]
async fn timeline_from_one_stage_to_two_hundred_sub_tasks() {
    for stages in 1..=4usize {
        let nodes = (1..=stages).map(|n| node(n, &format!("Stage {n}"), "SUCCEED", T0, T1, vec![])).collect();
        let dag = dag_json(nodes, "SUCCEED", stages);
        let (root, _h) = mount(move || view! {
            <DagTimeline dag=Signal::derive(move || dag.clone()) now_ms=Signal::derive(|| 0)
                on_pass_node=Callback::new(|_: String| {}) />
        });
        tick().await;
        assert_eq!(count(&root, "[data-testid=stage]") as usize, stages);
    }
    let subs = (0..200).map(|i| sub_task(i, "SUCCEED", T0, T1, &["ok"])).collect();
    let dag = dag_json(vec![node(1, "Check destination", "SUCCEED", T0, T1, subs)], "SUCCEED", 1);
    let (root, _h) = mount(move || view! {
        <DagTimeline dag=Signal::derive(move || dag.clone()) now_ms=Signal::derive(|| 0)
            on_pass_node=Callback::new(|_: String| {}) />
    });
    tick().await;
    q(&root, ".obp-stage-toggle").click();
    tick().await;
    // The first 100 rows, then the rest on demand.
    assert_eq!(count(&root, "[data-testid=sub-task]"), 100);
    assert!(q(&root, "[data-testid=sub-tasks-hidden]").text_content().unwrap().contains("100 more sub-tasks"));
    q(&root, "[data-testid=sub-tasks-more]").click();
    tick().await;
    assert_eq!(count(&root, "[data-testid=sub-task]"), 200);
    assert_eq!(count(&root, "[data-testid=sub-tasks-hidden]"), 0);
}

/// Poll after poll, as the poller hands them over: what did not change keeps its allocation,
/// and every real change still reaches the page.
#[wasm_bindgen_test]
async fn polls_that_share_unchanged_parts_still_show_every_change() {
    let poll = |second_logs: &[&str], third_state: &str, third_end: &str| {
        let subs = vec![
            sub_task(1, "SUCCEED", T0, T1, &["first done"]),
            sub_task(2, "RUNNING", T1, T1, second_logs),
            sub_task(3, third_state, T1, third_end, &["third"]),
        ];
        dag_value(vec![node(1, "Start backup", "RUNNING", T0, T0, subs), node(2, "Wait backup Finish", "PENDING", T0, T0, vec![])], "RUNNING", 1)
    };
    let first = Arc::new(poll(&["second"], "RUNNING", T1));
    let dag = RwSignal::new(Arc::clone(&first));
    let (root, _h) = mount(move || view! {
        <DagTimeline dag=dag now_ms=Signal::derive(|| time_ms(T2)) on_pass_node=Callback::new(|_: String| {}) />
    });
    tick().await;
    q(&root, "[data-stage='1'] .obp-stage-toggle").click();
    tick().await;
    let row = |i: u32| root.query_selector_all("[data-testid=sub-task]").unwrap().item(i).unwrap().text_content().unwrap();
    assert!(row(1).contains("second") && row(2).contains("Running"));

    // Sub-task 2 logs a line and sub-task 3 ends; sub-task 1 and stage 2 are taken over.
    let mut next = poll(&["second", "second, later"], "SUCCEED", T2);
    next.share_unchanged(&first);
    assert!(Arc::ptr_eq(&first.nodes()[1], &next.nodes()[1]));
    assert!(Arc::ptr_eq(&first.nodes()[0].sub_tasks[0], &next.nodes()[0].sub_tasks[0]));
    let next = Arc::new(next);
    dag.set(Arc::clone(&next));
    tick().await;
    assert_eq!(
        q(&root, "[data-stage='1'] .obp-stage-toggle").get_attribute("aria-expanded").as_deref(),
        Some("true"),
        "a stage the user opened stays open across polls"
    );
    assert!(row(0).contains("first done"), "an unchanged row stays: {}", row(0));
    assert!(row(1).contains("second, later"), "the new log line shows: {}", row(1));
    assert!(row(2).contains("Succeeded") && row(2).contains("50s"), "the ended sub-task shows it: {}", row(2));

    // A poll where nothing changed: every part is the previous one, and the page is the same.
    let mut same = poll(&["second", "second, later"], "SUCCEED", T2);
    same.share_unchanged(&next);
    assert!(Arc::ptr_eq(&next.nodes()[0], &same.nodes()[0]));
    let before = root.inner_html();
    dag.set(Arc::new(same));
    tick().await;
    assert_eq!(root.inner_html(), before);
}

#[wasm_bindgen_test]
async fn failed_dag_offers_node_pass_and_marks_the_error() {
    let dag = dag_json(
        vec![
            node(1, "Check destination", "SUCCEED", T0, T1, vec![]),
            node(2, "Open archive log", "FAILED", T1, T2, vec![sub_task(2, "FAILED", T1, T2, &["Open archive log of t1(1002)", "ERROR: [Common.Unexpected]: tenant t1 archive log is interrupted"])]),
        ],
        "FAILED",
        2,
    );
    let passed = RwSignal::new(None::<String>);
    let (root, _h) = mount(move || view! {
        <DagTimeline dag=Signal::derive(move || dag.clone()) now_ms=Signal::derive(|| 0)
            on_pass_node=Callback::new(move |id: String| passed.set(Some(id))) />
    });
    tick().await;
    // The failed stage is open by itself; the succeeded one is not.
    assert_eq!(q(&root, "[data-stage='2'] .obp-stage-toggle").get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_eq!(q(&root, "[data-stage='1'] .obp-stage-toggle").get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(!q(&root, "[data-stage='2'] .obp-stage-panel").has_attribute("hidden"));
    assert_eq!(count(&root, "[data-stage='1'] [data-testid=pass-node]"), 0, "only the failed stage can be passed");
    q(&root, "[data-stage='2'] [data-testid=pass-node]").click();
    tick().await;
    assert_eq!(passed.get_untracked().as_deref(), Some("12"));
    assert_eq!(count(&root, "[data-stage='2'] .obp-log-error"), 1);
}

#[wasm_bindgen_test]
async fn error_panel_shows_code_status_trace_and_next_step() {
    let error = ClientError::Api(Box::new(ApiFailure::from_envelope(
        400,
        ApiError {
            code: None,
            err_code: "OB.Backup.DataDestEmpty".into(),
            message: "Data destination is empty, tenant: t1(1002)".into(),
            sub_errors: None,
        },
        "0123456789abcdef".into(),
        3,
    )));
    let (root, _h) = mount(move || view! { <ErrorPanel error=error.clone() /> });
    tick().await;
    assert_eq!(q(&root, "[data-testid=error-code]").text_content().unwrap(), "OB.Backup.DataDestEmpty");
    assert_eq!(q(&root, "[data-testid=error-status]").text_content().unwrap(), "400");
    assert_eq!(q(&root, "[data-testid=error-trace]").text_content().unwrap(), "0123456789abcdef");
    assert!(q(&root, "[data-testid=error-hint]").text_content().unwrap().contains("No backup destination is configured"));
    assert_eq!(q(&root, "[data-testid=error-panel]").get_attribute("role").as_deref(), Some("alert"));

    // A proxy's HTML page is explained as such.
    let proxy = ClientError::NotJson { status: 502, content_type: "text/html".into(), snippet: "<h1>502 Bad Gateway</h1>".into() };
    let (root, _h) = mount(move || view! { <ErrorPanel error=proxy.clone() /> });
    tick().await;
    assert!(q(&root, "[data-testid=error-message]").text_content().unwrap().contains("HTTP 502"));
    assert!(q(&root, "[data-testid=error-hint]").text_content().unwrap().contains("proxy"));
}

fn time_ms(text: &str) -> i64 {
    obshell_api::ObTime::parse(text).unwrap().unix_millis()
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_stages() {
    let nodes = (1..=3).map(|n| node(n, &format!("Stage {n}"), "SUCCEED", T0, T1, vec![])).collect();
    let dag = dag_json(nodes, "SUCCEED", 3);
    let (root, _h) = mount(move || view! {
        <DagTimeline dag=Signal::derive(move || dag.clone()) now_ms=Signal::derive(|| 0)
            on_pass_node=Callback::new(|_: String| {}) />
    });
    tick().await;
    let press = |target: &web_sys::HtmlElement, key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        target.dispatch_event(&event).unwrap();
    };
    let focused_stage = || {
        document().active_element().and_then(|e| e.closest("[data-testid=stage]").ok().flatten())
            .and_then(|li| li.get_attribute("data-stage"))
    };
    let first = q(&root, "[data-stage='1'] .obp-stage-toggle");
    first.focus().unwrap();
    press(&first, "ArrowDown");
    assert_eq!(focused_stage().as_deref(), Some("2"));
    press(&q(&root, "[data-stage='2'] .obp-stage-toggle"), "ArrowDown");
    press(&q(&root, "[data-stage='3'] .obp-stage-toggle"), "ArrowDown");
    assert_eq!(focused_stage().as_deref(), Some("3"), "stops at the last stage");
    press(&q(&root, "[data-stage='3'] .obp-stage-toggle"), "ArrowUp");
    assert_eq!(focused_stage().as_deref(), Some("2"));
}
