//! Pure formatting of durations and times, so views stay declarative and this stays testable
//! natively.

use crate::i18n::Lang;
use chrono::{DateTime, FixedOffset, Local, TimeZone};

/// `1h 02m 03s`, `4m 05s`, `12s`, `0.4s` (English) or `1小时02分03秒` (Chinese).
pub fn duration(ms: i64, lang: Lang) -> String {
    let ms = ms.max(0);
    if ms < 10_000 && ms % 1000 != 0 {
        let tenths = ms / 100;
        return match lang {
            Lang::En => format!("{}.{}s", tenths / 10, tenths % 10),
            Lang::Zh => format!("{}.{}秒", tenths / 10, tenths % 10),
        };
    }
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    match (lang, h, m) {
        (Lang::En, 0, 0) => format!("{s}s"),
        (Lang::En, 0, _) => format!("{m}m {s:02}s"),
        (Lang::En, _, _) => format!("{h}h {m:02}m {s:02}s"),
        (Lang::Zh, 0, 0) => format!("{s}秒"),
        (Lang::Zh, 0, _) => format!("{m}分{s:02}秒"),
        (Lang::Zh, _, _) => format!("{h}小时{m:02}分{s:02}秒"),
    }
}

/// A Unix-ms instant in the browser's local time zone, `YYYY-MM-DD HH:MM:SS`.
pub fn local_time(ms: i64) -> String {
    match Local.timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => String::from("-"),
    }
}

/// The same instant as the agent reported it, with its offset (shown on hover).
pub fn agent_time(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M:%S%.3f %:z").to_string()
}

/// `12.3 MiB` style byte counts.
pub fn bytes(n: i64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n.max(0) as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{} B", n.max(0))
    } else {
        format!("{} {}", fixed(value, 1), UNITS[unit])
    }
}

/// `value` rounded to `decimals` places, like `{:.N}` (ties away from zero). Written out
/// because `{:.N}` of a float brings the exact float-printing algorithms into the bundle for a
/// few percentages and sizes. Not a number or negative prints as 0.
pub fn fixed(value: f64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals.min(9));
    let scaled = if value.is_finite() && value > 0.0 { (value * scale as f64).round() as u64 } else { 0 };
    match decimals {
        0 => scaled.to_string(),
        _ => format!("{}.{:0width$}", scaled / scale, scaled % scale, width = decimals.min(9) as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_matches_format_precision() {
        for (value, decimals) in [(0.0, 1), (0.04, 1), (0.05, 2), (12.345, 2), (99.999, 2), (100.0, 2), (3.7, 0), (7.0, 3), (1536.0 / 1024.0, 1)] {
            assert_eq!(fixed(value, decimals), format!("{value:.0$}", decimals as usize), "{value} to {decimals}");
        }
        // Exact ties round away from zero (`{:.N}` would round to even): 2.5 -> 3, 1.25 -> 1.3.
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(1.25, 1), "1.3");
        assert_eq!(fixed(-3.0, 1), "0.0");
        assert_eq!(fixed(f64::NAN, 2), "0.00");
        assert_eq!(fixed(f64::INFINITY, 0), "0");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(0, Lang::En), "0s");
        assert_eq!(duration(400, Lang::En), "0.4s");
        assert_eq!(duration(12_000, Lang::En), "12s");
        assert_eq!(duration(245_000, Lang::En), "4m 05s");
        assert_eq!(duration(3_723_000, Lang::En), "1h 02m 03s");
        assert_eq!(duration(3_723_000, Lang::Zh), "1小时02分03秒");
        assert_eq!(duration(-5, Lang::En), "0s", "never negative");
    }

    #[test]
    fn byte_units() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(5 * 1024 * 1024 * 1024), "5.0 GiB");
        assert_eq!(bytes(1023 * 1024 + 1000), "1024.0 KiB");
    }
}
