//! The result table: one row per figure, its budget, and whether it is within it. Nothing here
//! fails the run: a missed budget is a figure to look at, not an error.

use std::fmt::Write as _;

#[derive(Clone, Copy, PartialEq)]
pub enum Verdict {
    Ok,
    Over,
    /// A figure without a budget.
    Info,
    /// Not measured (the value says why).
    NotMeasured,
}

pub struct Row {
    pub figure: String,
    pub value: String,
    pub budget: String,
    pub verdict: Verdict,
}

impl Row {
    pub fn info(figure: impl Into<String>, value: impl Into<String>) -> Row {
        Row { figure: figure.into(), value: value.into(), budget: String::new(), verdict: Verdict::Info }
    }

    /// A figure against its budget; `within` says whether it met it.
    pub fn budget(figure: impl Into<String>, value: impl Into<String>, budget: impl Into<String>, within: bool) -> Row {
        let verdict = if within { Verdict::Ok } else { Verdict::Over };
        Row { figure: figure.into(), value: value.into(), budget: budget.into(), verdict }
    }

    pub fn not_measured(figure: impl Into<String>, budget: impl Into<String>, why: impl AsRef<str>) -> Row {
        Row {
            figure: figure.into(),
            value: format!("n/a ({})", why.as_ref()),
            budget: budget.into(),
            verdict: Verdict::NotMeasured,
        }
    }

    fn verdict_text(&self) -> &'static str {
        match self.verdict {
            Verdict::Ok => "ok",
            Verdict::Over => "over budget",
            Verdict::Info => "",
            Verdict::NotMeasured => "n/a",
        }
    }
}

/// Plain text, columns aligned, for the terminal.
pub fn text(rows: &[Row]) -> String {
    let header = ["figure", "value", "budget", ""];
    let cells: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| [r.figure.as_str(), r.value.as_str(), r.budget.as_str(), r.verdict_text()])
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cols: [&str; 4]| {
        let mut l = String::new();
        for (i, (cell, w)) in cols.iter().zip(widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            l.push_str(cell);
            if i < 3 {
                l.push_str(&" ".repeat(pad + 2));
            }
        }
        let _ = writeln!(out, "{}", l.trim_end());
    };
    line(header);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line([&rule[0], &rule[1], &rule[2], &rule[3]]);
    for row in cells {
        line(row);
    }
    out
}

/// The same table as Markdown, for the README to quote.
pub fn markdown(rows: &[Row], heading: &str) -> String {
    let mut out = format!("{heading}\n\n| figure | value | budget | |\n| --- | --- | --- | --- |\n");
    for r in rows {
        let _ = writeln!(out, "| {} | {} | {} | {} |", esc(&r.figure), esc(&r.value), esc(&r.budget), r.verdict_text());
    }
    out
}

fn esc(cell: &str) -> String {
    cell.replace('|', "\\|")
}

/// Nearest-rank percentile of `samples` (any order); `None` when empty.
pub fn percentile(samples: &[f64], p: f64) -> Option<f64> {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted.get(index).copied()
}

pub const KIB: f64 = 1024.0;
pub const MIB: f64 = 1024.0 * 1024.0;
