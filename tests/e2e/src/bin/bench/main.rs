//! `./dev bench`: the panel's size, speed and load figures, each beside its budget.
//!
//! Prints one table and writes it as Markdown to `$CARGO_TARGET_DIR/bench.md` for the README.
//! It asserts nothing (DESIGN §5: speed is measured, never a wall-clock limit in a test): a
//! missed budget is printed as "over budget", a figure that cannot be taken yet as "n/a (why)".
//! Everything runs locally: the release `dist/` (`OBSHELL_PANEL_DIST`), in-process obshell-sims,
//! headless Chromium through chromedriver, and obshell-sim's load example.
//!
//! `BENCH_POLLS` (default 1000) and `BENCH_LOAD_SECONDS` (default 10) shorten a trial run;
//! `BENCH_ONLY=size,load,small,big,log,long,still,sim` (any of them) runs only those sections.

mod browser;
mod load;
mod size;
mod table;

use std::future::Future;
use table::Row;

/// Runs one section on its own task so a panic there (a page that never showed what was waited
/// for) costs that section's figures, not the whole run.
async fn section<F>(name: &str, figures: F) -> Vec<Row>
where
    F: Future<Output = Vec<Row>> + 'static,
{
    println!("==> {name}");
    // A local task: the sections' futures need not be Send, and a panic still only ends it.
    let local = tokio::task::LocalSet::new();
    match local.run_until(async { tokio::task::spawn_local(figures).await }).await {
        Ok(rows) => rows,
        Err(e) => {
            let why = match e.try_into_panic() {
                Ok(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default(),
                Err(e) => e.to_string(),
            };
            let first_line: String = why.lines().next().unwrap_or_default().chars().take(100).collect();
            vec![Row::not_measured(name, "", format!("failed: {first_line}"))]
        }
    }
}

/// Whether `BENCH_ONLY` (unset: everything) names this section.
fn wanted(section: &str) -> bool {
    std::env::var("BENCH_ONLY").map_or(true, |only| only.split(',').any(|s| s.trim() == section))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let polls = env_number("BENCH_POLLS", 1000).max(10) as usize;
    let load_seconds = env_number("BENCH_LOAD_SECONDS", 10);
    let dist = panel_e2e::dist_dir();
    println!("benchmarking {}", dist.display());

    let mut rows = Vec::new();
    if wanted("size") {
        println!("==> first-load transfer");
        rows.extend(size::transfer(&dist));
    }
    if wanted("load") {
        rows.extend(section("cold load, panel and floor page", browser::cold_load(10)).await);
        rows.extend(section("sign-in to the backup form", browser::sign_in_to_form(10)).await);
    }
    if wanted("small") {
        rows.extend(section("DAG of 4 x 1 sub-tasks", browser::small_dag()).await);
    }
    if wanted("big") {
        rows.extend(section("DAG with 1,000 sub-tasks in stage 1", browser::big_dag()).await);
    }
    if wanted("log") {
        for lines in [100, 10_000, 100_000] {
            rows.extend(section(&format!("full log of {lines} lines"), browser::log_render(lines)).await);
        }
    }
    if wanted("long") {
        rows.extend(section(&format!("DAG with 100 sub-tasks in stage 1, {polls} polls"), browser::long_dag(polls)).await);
    }
    if wanted("still") {
        rows.extend(section(&format!("unchanging DAG, {polls} polls"), browser::still_dag(polls)).await);
    }
    if wanted("sim") {
        println!("==> obshell-sim load example");
        rows.extend(load::run(load_seconds));
    }

    println!("\n{}", table::text(&rows));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let heading = format!(
        "Benchmark of `{}` (`./dev bench`; budgets on p95 where a spread is shown)",
        dist.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    );
    let path = target.join("bench.md");
    match std::fs::write(&path, table::markdown(&rows, &heading)) {
        Ok(()) => println!("written to {}", path.display()),
        Err(e) => eprintln!("could not write {}: {e}", path.display()),
    }
}
