//! Figure 5: the stand-in under 50 concurrent pollers. This runs obshell-sim's own load example
//! (`cargo run --release -p obshell-sim --example load -- SECONDS`) rather than a copy of it,
//! shows its output, and takes the figures from its summary line.

use crate::table::Row;
use std::process::Command;

pub fn run(seconds: u64) -> Vec<Row> {
    let rps_figure = "stand-in, 50 pollers: requests/s";
    let p99_figure = "stand-in, 50 pollers: p99 latency";
    // `cargo run` sets CARGO to the cargo that started us.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--release", "--locked", "-p", "obshell-sim", "--example", "load", "--"])
        .arg(seconds.to_string())
        .stderr(std::process::Stdio::inherit())
        .output();
    let stdout = match output {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) => {
            let why = format!("load example exited with {}", o.status);
            return vec![Row::not_measured(rps_figure, "", &why), Row::not_measured(p99_figure, "", &why)];
        }
        Err(e) => {
            let why = format!("cannot run cargo: {e}");
            return vec![Row::not_measured(rps_figure, "", &why), Row::not_measured(p99_figure, "", &why)];
        }
    };
    print!("{stdout}");
    // The summary line: "requests N  errors N  malformed N  R req/s  p50 X ms  p99 Y ms".
    let summary = stdout.lines().find(|l| l.starts_with("requests ")).unwrap_or_default();
    let words: Vec<&str> = summary.split_whitespace().collect();
    let before = |unit: &str| words.iter().position(|w| *w == unit).and_then(|i| i.checked_sub(1)).and_then(|i| words.get(i));
    let after = |label: &str| words.iter().position(|w| *w == label).and_then(|i| words.get(i + 1));
    let errors = after("errors").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
        + after("malformed").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let rps = before("req/s").map(|v| format!("{v} req/s ({errors} errors, {seconds} s)"));
    let p99 = after("p99").map(|v| format!("{v} ms (p50 {} ms)", after("p50").unwrap_or(&"?")));
    let why = "load example's summary line not understood";
    vec![
        rps.map_or_else(|| Row::not_measured(rps_figure, "", why), |v| Row::info(rps_figure, v)),
        p99.map_or_else(|| Row::not_measured(p99_figure, "", why), |v| Row::info(p99_figure, v)),
    ]
}
