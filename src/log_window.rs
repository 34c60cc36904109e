//! What part of a long log or a long sub-task list is put on the page. obshell keeps every log
//! line of a sub-task (100,000 is possible on a long backup) and a stage may have hundreds of
//! sub-tasks; rendering all of them would freeze the tab at every poll. The page shows the
//! newest lines and the first rows, with "show more"; copy and download always take all.

/// Log lines shown at first: the newest ones, where a running task's progress is.
pub const LOG_TAIL: usize = 500;
/// Lines added by each "show more".
pub const LOG_STEP: usize = 2_000;
/// A longer line is cut on the page (copy and download keep it whole).
pub const MAX_LINE_CHARS: usize = 4_000;
/// Sub-task rows shown at first, and added by each "show more".
pub const SUB_TASK_STEP: usize = 100;

/// The last `shown` lines, and how many earlier ones are left out.
pub fn tail(lines: &[String], shown: usize) -> (usize, &[String]) {
    let hidden = lines.len().saturating_sub(shown);
    (hidden, &lines[hidden..])
}

/// `line` cut to [`MAX_LINE_CHARS`] characters (on a character boundary), with how many
/// characters were left out.
pub fn clip(line: &str) -> (&str, usize) {
    match line.char_indices().nth(MAX_LINE_CHARS) {
        Some((cut, _)) => (&line[..cut], line[cut..].chars().count()),
        None => (line, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_keeps_the_newest_lines() {
        let lines: Vec<String> = (0..10).map(|i| i.to_string()).collect();
        let (hidden, shown) = tail(&lines, 3);
        assert_eq!(hidden, 7);
        assert_eq!(shown, ["7", "8", "9"]);
        assert_eq!(tail(&lines, 50).0, 0);
        assert_eq!(tail(&[], 5), (0, &[][..]));
    }

    #[test]
    fn clip_cuts_long_lines_on_a_character_boundary() {
        assert_eq!(clip("short"), ("short", 0));
        let long = "密".repeat(MAX_LINE_CHARS + 5);
        let (kept, left) = clip(&long);
        assert_eq!(kept.chars().count(), MAX_LINE_CHARS);
        assert_eq!(left, 5);
        let exact = "a".repeat(MAX_LINE_CHARS);
        assert_eq!(clip(&exact), (exact.as_str(), 0));
    }
}
