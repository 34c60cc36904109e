//! obshell's generic ids (`/dag/:id` deep links, answers) and its Go-formatted times.
#![no_main]

use libfuzzer_sys::fuzz_target;
use obshell_api::{GenericId, ObTime};

fuzz_target!(|text: &str| {
    if let Ok(id) = text.parse::<GenericId>() {
        // Canonical: what it prints parses back to the same id.
        let again: GenericId = id.to_string().parse().expect("a printed id parses");
        assert_eq!(again, id, "{text:?}");
        let _ = id.raw_id();
    }
    if let Some(t) = ObTime::parse(text) {
        let back = ObTime::parse(&t.to_go_string());
        assert_eq!(back, Some(t), "{text:?}");
        assert_eq!(back.map(|b| b.offset()), Some(t.offset()), "{text:?}");
        let _ = (t.is_set(), t.unix_millis());
    }
});
