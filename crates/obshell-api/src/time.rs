//! obshell's timestamps: Go `time.Time` JSON, i.e. RFC 3339 with trimmed fractional seconds and
//! the agent's zone offset (`2026-05-08T17:06:47.52391+08:00`).
//!
//! obshell also uses two sentinels that are not real instants: Go's zero time
//! (`0001-01-01T00:00:00Z`, unset) and the Unix epoch (times reset by retry/rollback/cancel).
//! [`ObTime::is_set`] tells them apart; views must still decide "started/finished" from the
//! state, never from these values (see [`crate::dag`]).

use chrono::{DateTime, FixedOffset, Offset, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One timestamp as obshell sends it, keeping the agent's offset.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObTime(pub DateTime<FixedOffset>);

impl ObTime {
    /// Go's zero `time.Time`, which obshell serialises for never-set times.
    pub fn go_zero() -> Self {
        // 0001-01-01 is inside chrono's range; the fallback only satisfies the type checker.
        let zero = Utc.fix().with_ymd_and_hms(1, 1, 1, 0, 0, 0).single();
        ObTime(zero.unwrap_or_else(|| DateTime::<Utc>::MIN_UTC.fixed_offset()))
    }

    /// The Unix epoch in the given offset: what a reset time reads back as.
    pub fn epoch(offset: FixedOffset) -> Self {
        ObTime(DateTime::<Utc>::UNIX_EPOCH.with_timezone(&offset))
    }

    /// Parse obshell's RFC 3339 text.
    pub fn parse(text: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(text).ok().map(ObTime)
    }

    /// A real instant, as opposed to the zero-time or epoch sentinels (anything before
    /// 1970-01-02 UTC is treated as a sentinel: no OceanBase task ran then).
    pub fn is_set(&self) -> bool {
        self.0.timestamp() > 86_400
    }

    pub fn unix_millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    pub fn offset(&self) -> FixedOffset {
        *self.0.offset()
    }

    /// Go's `time.RFC3339Nano` rendering: fractional seconds with trailing zeros trimmed,
    /// `Z` for UTC.
    pub fn to_go_string(&self) -> String {
        let text = self.0.to_rfc3339_opts(SecondsFormat::Nanos, true);
        // chrono always prints 9 digits; Go trims trailing zeros and drops an all-zero fraction.
        match text.find('.') {
            Some(dot) => {
                let zone_at = text[dot..]
                    .find(['Z', '+', '-'])
                    .map(|i| dot + i)
                    .unwrap_or(text.len());
                let fraction = text[dot + 1..zone_at].trim_end_matches('0');
                let mut out = String::with_capacity(text.len());
                out.push_str(&text[..dot]);
                if !fraction.is_empty() {
                    out.push('.');
                    out.push_str(fraction);
                }
                out.push_str(&text[zone_at..]);
                out
            }
            None => text,
        }
    }
}

impl fmt::Debug for ObTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObTime({})", self.to_go_string())
    }
}

impl fmt::Display for ObTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_go_string())
    }
}

impl Serialize for ObTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_go_string())
    }
}

impl<'de> Deserialize<'de> for ObTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        ObTime::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {text:?}")))
    }
}

/// Lenient field decoder: `null`, a missing key, or text that is not RFC 3339 all become
/// `None`, so one odd timestamp from a newer agent cannot fail a whole DAG decode.
pub mod lenient {
    use super::ObTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ObTime>, D::Error> {
        let value = Option::<serde_json::Value>::deserialize(d)?;
        Ok(match value {
            Some(serde_json::Value::String(text)) => ObTime::parse(&text),
            _ => None,
        })
    }

    pub fn serialize<S: Serializer>(t: &Option<ObTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_go_string()),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_obshell_forms() {
        for text in [
            "2026-05-08T17:06:47.52391+08:00",
            "2024-01-09T17:11:43.385889278+08:00",
            "0001-01-01T00:00:00Z",
            "1970-01-01T08:00:00+08:00",
        ] {
            let t = ObTime::parse(text).expect(text);
            assert_eq!(t.to_go_string(), text, "round trip of {text}");
        }
    }

    #[test]
    fn sentinels_are_not_set() {
        assert!(!ObTime::go_zero().is_set());
        assert!(!ObTime::epoch(FixedOffset::east_opt(8 * 3600).unwrap()).is_set());
        assert!(ObTime::parse("2026-05-08T17:06:47+08:00").unwrap().is_set());
    }

    #[test]
    fn go_rendering_trims_zeros() {
        let t = ObTime::parse("2026-05-08T17:06:47.500000000+08:00").unwrap();
        assert_eq!(t.to_go_string(), "2026-05-08T17:06:47.5+08:00");
        let t = ObTime::parse("2026-05-08T09:06:47.000+00:00").unwrap();
        assert_eq!(t.to_go_string(), "2026-05-08T09:06:47Z");
    }
}
