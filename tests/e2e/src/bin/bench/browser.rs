//! Figures 2 to 4, measured in headless Chromium against an in-process obshell-sim. The panel
//! reports its own timings through the User Timing API (`performance.mark`/`measure`, enabled
//! by `"perfMarks": true` in config.json); this file only starts sessions and reads them.

use crate::table::{percentile, Row, KIB, MIB};
use obshell_sim::SimConfig;
use panel_e2e::{dist_dir, dist_file, dist_with_config, sim, Front, Harness, TempDir};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

const NEEDS_MARKS: &str = "needs the panel's perf marks";

/// A sim for the benchmark: as the tests' one, without a stderr line per request.
fn bench_sim(speed: f64) -> SimConfig {
    SimConfig { log_requests: false, ..sim("healthy", speed) }
}

/// A sim whose backup DAG has `n` sub-tasks in its parallel stage ("Check destination"); the
/// three sequential stages keep one each, as in obshell. One agent, so `n = 1` is 1 a stage.
fn with_subtasks(config: SimConfig, n: usize) -> SimConfig {
    SimConfig { agents: 1, subtasks_per_stage: if n == 1 { 0 } else { n }, ..config }
}

/// What a DAG of [`with_subtasks`]`(n)` is, for the table.
fn dag_shape(n: usize) -> String {
    if n == 1 {
        "4 stages x 1 sub-task".into()
    } else {
        format!("4 stages, {} sub-tasks in stage 1 ({} in all)", thousands(n), thousands(n + 3))
    }
}

/// 100000 as "100,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A sim whose "Wait backup Finish" sub-task logs `lines` extra lines.
fn with_log_lines(config: SimConfig, lines: usize) -> SimConfig {
    SimConfig { log_lines_per_subtask: lines, ..config }
}

/// Poll `done` every `every` until it holds or `timeout` passes; says whether it held.
async fn poll_until(timeout: Duration, every: Duration, mut done: impl AsyncFnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if done().await {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(every).await;
    }
}

fn numbers(value: Value) -> Vec<f64> {
    value.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
}

/// The durations of the User Timing measures called `name`, oldest first.
async fn durations(h: &Harness, name: &str) -> Vec<f64> {
    numbers(h.js("return performance.getEntriesByName(arguments[0]).map(e => e.duration);", vec![json!(name)]).await)
}

async fn entry_count(h: &Harness, name: &str) -> usize {
    let n = h.js("return performance.getEntriesByName(arguments[0]).length;", vec![json!(name)]).await;
    n.as_u64().unwrap_or(0) as usize
}

/// The DAG's state as the page shows it (RUNNING, SUCCEED, ...).
async fn dag_state(h: &Harness) -> String {
    let state = h
        .js("const b = document.querySelector('[data-testid=dag-state] .obp-badge'); return b ? b.dataset.state : '';", vec![])
        .await;
    state.as_str().unwrap_or_default().to_string()
}

async fn dag_ended(h: &Harness) -> bool {
    matches!(dag_state(h).await.as_str(), "SUCCEED" | "FAILED")
}

fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.1} ms")
    }
}

/// "median X ms, p95 Y ms (n = N)" and the p95, which is what budgets are checked against.
fn spread(samples: &[f64]) -> Option<(String, f64)> {
    let (median, p95) = (percentile(samples, 0.5)?, percentile(samples, 0.95)?);
    Some((format!("median {}, p95 {} (n={})", ms(median), ms(p95), samples.len()), p95))
}

// ---------------------------------------------------------------------------------------------
// Figure 2: navigation to an interactive form, panel against a floor page.

/// The floor page (`tests/e2e/bench/floor/`) with the panel's own stylesheet beside it as
/// `panel.css`, so the two pages differ only by the wasm app.
fn floor_dir() -> TempDir {
    let dir = TempDir::new("bench-floor");
    let floor = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/floor");
    for entry in std::fs::read_dir(&floor).expect("read bench/floor") {
        let entry = entry.expect("floor entry");
        std::fs::copy(entry.path(), dir.0.join(entry.file_name())).expect("copy floor");
    }
    let css = dist_dir().join(dist_file("panel-", ".css"));
    std::fs::copy(css, dir.0.join("panel.css")).expect("copy css");
    dir
}

/// A second sim that only serves `dir` (same static server, same CSP, as the panel gets).
async fn serve_static(dir: &Path) -> (obshell_sim::Sim, String) {
    let config = SimConfig { static_dir: Some(dir.to_path_buf()), log_requests: false, ..SimConfig::default() };
    let (router, sim) = obshell_sim::app(config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind floor server");
    let addr = listener.local_addr().expect("floor addr");
    tokio::spawn(obshell_sim::serve_router(listener, router));
    (sim, format!("http://{addr}"))
}

/// Navigate to `url` and read when the page marked `obp:ready` (ms since navigation start).
async fn ready_ms(h: &Harness, url: &str) -> Option<f64> {
    // From a blank page, so nothing of the previous page is running while this one loads, and
    // after a pause: the browser goes on compiling the previous page's wasm in the background
    // (optimising tier), which would otherwise slow whichever page comes second.
    h.browser.goto("about:blank").await.expect("about:blank");
    tokio::time::sleep(Duration::from_secs(1)).await;
    h.browser.goto(url).await.expect("navigate");
    let mut ready = None;
    poll_until(Duration::from_secs(20), Duration::from_millis(100), async || {
        let v = h.js("const e = performance.getEntriesByName('obp:ready')[0]; return e ? e.startTime : null;", vec![]).await;
        ready = v.as_f64();
        ready.is_some()
    })
    .await;
    ready
}

/// Bytes the current page received, headers included (navigation plus every resource).
async fn transferred_bytes(h: &Harness) -> Option<f64> {
    h.js(
        "return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]\
         .reduce((sum, e) => sum + e.transferSize, 0);",
        vec![],
    )
    .await
    .as_f64()
}

pub async fn cold_load(rounds: usize) -> Vec<Row> {
    let panel_figure = format!("navigation to interactive sign-in form: panel (median of {rounds})");
    let floor_figure = format!("navigation to interactive sign-in form: floor page (median of {rounds})");
    let ratio_figure = "ready time ratio panel / floor";
    let sent_figure = "first load as obshell-sim sends it to Chromium (Resource Timing, with headers)";
    let mut sent = None;
    let floor = floor_dir();
    let (_floor_sim, floor_base) = serve_static(&floor.0).await;
    let (mut panel, mut floor_times) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        // Cold: a new browser with a new profile every round, and the HTTP cache off, so each
        // load fetches and compiles everything.
        let h = Harness::start(bench_sim(10.0)).await;
        h.cdp("Network.enable", json!({})).await;
        h.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true })).await;
        let panel_url = format!("{}/", h.base);
        let floor_url = format!("{floor_base}/");
        // Alternate which page goes first, so neither always gets the fresher browser.
        let (p, f) = if round % 2 == 0 {
            let p = ready_ms(&h, &panel_url).await;
            sent = transferred_bytes(&h).await;
            (p, ready_ms(&h, &floor_url).await)
        } else {
            let f = ready_ms(&h, &floor_url).await;
            let p = ready_ms(&h, &panel_url).await;
            sent = transferred_bytes(&h).await;
            (p, f)
        };
        h.close().await;
        floor_times.extend(f);
        match p {
            Some(ms) => panel.push(ms),
            // No mark at all: this build does not emit it; more rounds would not change that.
            None => break,
        }
    }
    let sent_row = match sent {
        Some(bytes) if bytes > 0.0 => Row::info(sent_figure, format!("{:.1} KiB", bytes / 1024.0)),
        _ => Row::not_measured(sent_figure, "", "Resource Timing reported no transfer"),
    };
    let floor_median = percentile(&floor_times, 0.5);
    let panel_median = percentile(&panel, 0.5);
    let floor_row = match floor_median {
        Some(f) => Row::info(floor_figure, ms(f)),
        None => Row::not_measured(floor_figure, "", "the floor page never marked obp:ready"),
    };
    match (panel_median, floor_median) {
        (Some(p), Some(f)) => vec![
            sent_row,
            Row::info(panel_figure, format!("{} (min {}, max {})", ms(p), ms(percentile(&panel, 0.0).unwrap_or(p)), ms(percentile(&panel, 1.0).unwrap_or(p)))),
            floor_row,
            Row::budget(ratio_figure, format!("{:.2}x", p / f), "2x", p / f <= 2.0),
        ],
        _ => vec![
            sent_row,
            Row::not_measured(panel_figure, "", NEEDS_MARKS),
            floor_row,
            Row::not_measured(ratio_figure, "2x", NEEDS_MARKS),
        ],
    }
}

/// The wait after the first form: from Sign in pressed until the backup form is drawn behind
/// it (the panel's `obp:sign-in` measure: `/api/v1/info`, `/time`, `/secret`, the RSA
/// encryption of the password, `/login`, then the page). A session lives only in the page's
/// memory, so every navigation shows the sign-in form first: that is the form the floor
/// comparison above times, and this is what follows it. Each round loads the page anew.
pub async fn sign_in_to_form(rounds: usize) -> Vec<Row> {
    let figure = format!("sign-in pressed to interactive backup form (median of {rounds})");
    let dist = dist_with_config(r#"{"perfMarks": true}"#);
    let h = Harness::start_with(bench_sim(10.0), Front::SimStatic { dir: dist.0.clone() }).await;
    let mut samples = Vec::new();
    for _ in 0..rounds {
        h.open("/").await;
        h.sign_in().await;
        h.wait("[data-testid=start-backup]").await;
        let mut taken = None;
        poll_until(Duration::from_secs(10), Duration::from_millis(50), async || {
            taken = durations(&h, "obp:sign-in").await.last().copied();
            taken.is_some()
        })
        .await;
        match taken {
            Some(ms) => samples.push(ms),
            // No measure at all: this build does not take it; more rounds would not change that.
            None => break,
        }
    }
    h.close().await;
    match (percentile(&samples, 0.5), percentile(&samples, 0.0), percentile(&samples, 1.0)) {
        (Some(median), Some(min), Some(max)) => {
            vec![Row::info(figure, format!("{} (min {}, max {})", ms(median), ms(min), ms(max)))]
        }
        _ => vec![Row::not_measured(figure, "", NEEDS_MARKS)],
    }
}

// ---------------------------------------------------------------------------------------------
// Figures 3 and 4: a backup DAG followed by the panel.

/// A signed-in panel (config.json = `panel_config`) on the DAG page of a backup it just started.
struct DagSession {
    h: Harness,
    _dist: TempDir,
}

impl DagSession {
    async fn start(config: SimConfig, panel_config: &str) -> DagSession {
        let dist = dist_with_config(panel_config);
        let h = Harness::start_with(config, Front::SimStatic { dir: dist.0.clone() }).await;
        h.open("/").await;
        // Resource Timing keeps 250 entries by default; the request counts need every one.
        h.js("performance.setResourceTimingBufferSize(1000000);", vec![]).await;
        h.sign_in().await;
        h.start_backup().await;
        poll_until(panel_e2e::WAIT, Duration::from_millis(100), async || { h.count("[data-testid=stage]").await >= 4 }).await;
        let session = DagSession { h, _dist: dist };
        session.open_stages().await;
        session
    }

    /// Open every stage: sub-task rows (and their logs) only exist in open stages, and the
    /// budget is about the page showing everything.
    async fn open_stages(&self) {
        self.h
            .js("document.querySelectorAll('.obp-stage-toggle[aria-expanded=false]').forEach(b => b.click());", vec![])
            .await;
    }

    /// Whether the panel records `obp:dag-update` at all (waits for the first poll or two).
    async fn has_marks(&self) -> bool {
        poll_until(Duration::from_secs(15), Duration::from_millis(250), async || {
            entry_count(&self.h, "obp:dag-update").await > 0
        })
        .await
    }

    /// API requests during the next `window`: as the page's Resource Timing saw them start, and
    /// as the sim counted them arrive (two views of one thing; they should agree).
    async fn api_requests_during(&self, window: Duration) -> (u64, u64) {
        let t0 = self.h.js("return performance.now();", vec![]).await;
        let at_sim = self.h.sim.api_requests();
        tokio::time::sleep(window).await;
        let at_sim = self.h.sim.api_requests() - at_sim;
        let t1 = self.h.js("return performance.now();", vec![]).await;
        let n = self
            .h
            .js(
                "const [t0, t1] = arguments; return performance.getEntriesByType('resource')\
                 .filter(e => e.name.includes('/api/v1/') && e.startTime >= t0 && e.startTime < t1).length;",
                vec![t0, t1],
            )
            .await;
        (n.as_u64().unwrap_or(0), at_sim)
    }
}

const RATE_WINDOW: Duration = Duration::from_secs(30);

/// 4 stages x 1 sub-task at the default poll interval: update cost, requests per minute while
/// it runs and after it ends, and the cost of signing a request.
pub async fn small_dag() -> Vec<Row> {
    let update_figure = format!("DAG update, {}", dag_shape(1));
    let running_figure = "API requests/min while the DAG runs (default 2 s poll)";
    let after_figure = "API requests/min after the DAG ended";
    let sign_figure = "signing + body encryption per request";
    let config = with_subtasks(bench_sim(2.0), 1);
    let s = DagSession::start(config, r#"{"perfMarks": true}"#).await;
    let marks = s.has_marks().await;

    let running = s.api_requests_during(RATE_WINDOW).await;
    let ran_through = !dag_ended(&s.h).await;
    let ended = poll_until(Duration::from_secs(600), Duration::from_millis(500), async || dag_ended(&s.h).await).await;
    // The page may finish what it was doing when the end arrived (the final poll's answer).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = s.api_requests_during(RATE_WINDOW).await;
    let per_minute = |(browser, sim): (u64, u64)| {
        let scale = 60.0 / RATE_WINDOW.as_secs_f64();
        format!(
            "{:.0}/min (Resource Timing; sim counted {:.0}/min; {} s window)",
            browser as f64 * scale,
            sim as f64 * scale,
            RATE_WINDOW.as_secs()
        )
    };

    let mut rows = Vec::new();
    rows.push(match (marks, spread(&durations(&s.h, "obp:dag-update").await)) {
        (true, Some((text, _))) => Row::info(update_figure, text),
        _ => Row::not_measured(update_figure, "", NEEDS_MARKS),
    });
    rows.push(if ran_through {
        Row::info(running_figure, per_minute(running))
    } else {
        Row::not_measured(running_figure, "", "the DAG ended inside the window")
    });
    rows.push(if ended {
        Row::budget(after_figure, per_minute(after), "0", after.0 == 0 && after.1 == 0)
    } else {
        Row::not_measured(after_figure, "0", "the DAG did not end within 10 min")
    });
    rows.push(match spread(&durations(&s.h, "obp:sign").await) {
        Some((text, p95)) => Row::budget(sign_figure, text, "2 ms (p95)", p95 <= 2.0),
        None => Row::not_measured(sign_figure, "2 ms (p95)", NEEDS_MARKS),
    });
    s.h.close().await;
    rows
}

/// Polls until `polls` DAG updates were recorded, the DAG ended or `timeout` passed.
async fn follow(s: &DagSession, polls: usize, timeout: Duration) -> usize {
    let mut seen = 0;
    poll_until(timeout, Duration::from_secs(1), async || {
        // A stage that starts may render closed; open it so its rows are part of the update.
        s.open_stages().await;
        seen = entry_count(&s.h, "obp:dag-update").await;
        seen >= polls || dag_ended(&s.h).await
    })
    .await;
    seen
}

/// 100 sub-tasks in stage 1, polled every 500 ms (config.json's minimum) for 1,000 polls: the
/// update cost, and wasm memory after 10 and after 1,000 polls.
pub async fn long_dag(polls: usize) -> Vec<Row> {
    let update_figure = format!("DAG update, {}", dag_shape(100));
    let after_10 = "wasm memory after 10 DAG polls";
    let after_n = format!("wasm memory after {polls} DAG polls");
    let growth = format!("wasm memory growth, poll 10 to {polls}");
    let budget = "< 1 MiB";
    // Speed 0.1: the DAG runs for several minutes, longer than the polls take.
    let config = with_subtasks(bench_sim(0.1), 100);
    let s = DagSession::start(config, r#"{"perfMarks": true, "pollIntervalMs": 500}"#).await;
    if !s.has_marks().await {
        s.h.close().await;
        return vec![
            Row::not_measured(update_figure, "", NEEDS_MARKS),
            Row::not_measured(after_10, "", NEEDS_MARKS),
            Row::not_measured(after_n, "", NEEDS_MARKS),
            Row::not_measured(growth, budget, NEEDS_MARKS),
        ];
    }
    let seen = follow(&s, polls, Duration::from_secs(polls as u64 * 2 + 120)).await;
    let updates = durations(&s.h, "obp:dag-update").await;
    let memory = numbers(s.h.js("return performance.getEntriesByName('obp:wasm-memory').map(e => e.detail);", vec![]).await);
    s.h.close().await;

    let mut rows = Vec::new();
    rows.push(match spread(&updates) {
        Some((text, _)) => Row::info(update_figure, text),
        None => Row::not_measured(update_figure, "", NEEDS_MARKS),
    });
    rows.extend(memory_rows(&memory, polls, seen, [after_10.to_string(), after_n, growth], budget));
    rows
}

/// Memory after 10 and after `polls` polls, and the growth between them (against `budget`,
/// unless it is empty).
fn memory_rows(memory: &[f64], polls: usize, seen: usize, [after_10, after_n, growth]: [String; 3], budget: &str) -> Vec<Row> {
    let mib = |bytes: f64| format!("{:.2} MiB", bytes / MIB);
    let mut rows = Vec::new();
    match (memory.get(9), memory.get(polls - 1)) {
        (Some(&m10), Some(&mn)) => {
            rows.push(Row::info(after_10, mib(m10)));
            // Points in between show whether growth is steady (a leak) or levels off.
            let between: Vec<String> = [polls / 10, polls / 2]
                .iter()
                .filter(|&&n| n > 10)
                .filter_map(|&n| memory.get(n - 1).map(|m| format!("{n}: {}", mib(*m))))
                .collect();
            let between = if between.is_empty() { String::new() } else { format!(" (after {})", between.join(", ")) };
            rows.push(Row::info(after_n, format!("{}{between}", mib(mn))));
            let grew = mn - m10;
            let grew_text = if grew.abs() < MIB { format!("{:.0} KiB", grew / KIB) } else { mib(grew) };
            rows.push(if budget.is_empty() { Row::info(growth, grew_text) } else { Row::budget(growth, grew_text, budget, grew < MIB) });
        }
        _ => {
            let why = format!("only {seen} polls before the DAG ended / {} memory marks", memory.len());
            rows.push(Row::not_measured(after_10, "", &why));
            rows.push(Row::not_measured(after_n, "", &why));
            rows.push(Row::not_measured(growth, budget, &why));
        }
    }
    rows
}

/// The same DAG held still (the sim at 1/2000 speed: every answer is the same): memory that
/// still grows here is the panel's, not the DAG's logs. Tells a leak from data.
pub async fn still_dag(polls: usize) -> Vec<Row> {
    let labels = [
        "wasm memory after 10 polls of an unchanging DAG".to_string(),
        format!("wasm memory after {polls} polls of an unchanging DAG"),
        format!("wasm memory growth, unchanging DAG, poll 10 to {polls}"),
    ];
    let config = with_subtasks(bench_sim(0.0005), 100);
    let s = DagSession::start(config, r#"{"perfMarks": true, "pollIntervalMs": 500}"#).await;
    if !s.has_marks().await {
        s.h.close().await;
        return labels.into_iter().map(|l| Row::not_measured(l, "", NEEDS_MARKS)).collect();
    }
    let seen = follow(&s, polls, Duration::from_secs(polls as u64 * 2 + 120)).await;
    let memory = numbers(s.h.js("return performance.getEntriesByName('obp:wasm-memory').map(e => e.detail);", vec![]).await);
    s.h.close().await;
    memory_rows(&memory, polls, seen, labels, "")
}

/// 1,000 sub-tasks in stage 1: the update cost the 16 ms budget is about.
pub async fn big_dag() -> Vec<Row> {
    let figure = format!("DAG update, {}", dag_shape(1000));
    let budget = "16 ms (p95)";
    let config = with_subtasks(bench_sim(1.0), 1000);
    let s = DagSession::start(config, r#"{"perfMarks": true, "pollIntervalMs": 500}"#).await;
    if !s.has_marks().await {
        s.h.close().await;
        return vec![Row::not_measured(figure, budget, NEEDS_MARKS)];
    }
    follow(&s, 40, Duration::from_secs(180)).await;
    let updates = durations(&s.h, "obp:dag-update").await;
    s.h.close().await;
    vec![match spread(&updates) {
        Some((text, p95)) => Row::budget(figure, text, budget, p95 <= 16.0),
        None => Row::not_measured(figure, budget, NEEDS_MARKS),
    }]
}

/// The "Full log" button of the sub-task that writes the extra lines ("Wait backup Finish").
const FULL_LOG: &str = "[data-testid=stage][data-stage='4'] [data-testid=full-log]";

/// Rendering a sub-task's full log of `lines` lines, 5 times (each "Full log" click re-fetches
/// and re-renders it).
pub async fn log_render(lines: usize) -> Vec<Row> {
    let figure = format!("full log render, {} lines", thousands(lines));
    let config = with_log_lines(with_subtasks(bench_sim(30.0), 1), lines);
    let s = DagSession::start(config, r#"{"perfMarks": true}"#).await;
    // Wait for the end so the log is complete and no poll re-renders it meanwhile.
    poll_until(Duration::from_secs(600), Duration::from_millis(500), async || dag_ended(&s.h).await).await;
    s.open_stages().await;
    let mut samples = Vec::new();
    for _ in 0..5 {
        let before = durations(&s.h, "obp:log-update").await.len();
        s.h.click(FULL_LOG).await;
        let rendered = poll_until(Duration::from_secs(120), Duration::from_millis(100), async || {
            entry_count(&s.h, "obp:log-update").await > before
        })
        .await;
        if !rendered {
            break;
        }
        // Let the button come back (the fetch finished) before the next round.
        poll_until(Duration::from_secs(60), Duration::from_millis(100), async || {
            s.h.js("const b = document.querySelector(arguments[0]); return !!b && !b.disabled;", vec![json!(FULL_LOG)])
                .await
                .as_bool()
                .unwrap_or(false)
        })
        .await;
        let all = durations(&s.h, "obp:log-update").await;
        // The renders this click caused; the longest is the full log's.
        samples.extend(all.get(before..).and_then(|new| new.iter().copied().reduce(f64::max)));
    }
    s.h.close().await;
    vec![match spread(&samples) {
        Some((text, _)) => Row::info(figure, text),
        None => Row::not_measured(figure, "", NEEDS_MARKS),
    }]
}

