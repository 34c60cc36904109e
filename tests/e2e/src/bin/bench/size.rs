//! Figure 1: what a first visit transfers. Every file of the release `dist/` is fetched on the
//! first load (index.html, boot.js, config.json, the glue js, the wasm, the css) except
//! `embed.js`, which host consoles load, not the panel. Compressed the way a server serves
//! them: gzip level 9 and brotli quality 11, computed here (the build's own `.gz`/`.br` copies
//! are those same compressions, so they are not counted again).

use crate::table::{Row, KIB};
use std::io::Write as _;
use std::path::Path;

const BUDGET_BROTLI_KIB: f64 = 150.0;
const BUDGET_RAW_KIB: f64 = 450.0;
/// The host console's helper script: in `dist/` for hosts to load, never loaded by the panel.
const EMBED_HELPER: &str = "embed.js";

#[derive(Default, Clone, Copy)]
struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

impl Sizes {
    fn add(&mut self, other: Sizes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }

    fn text(&self) -> String {
        format!("{} / {} / {} KiB", kib(self.raw), kib(self.gzip), kib(self.brotli))
    }
}

fn kib(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / KIB)
}

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory").len()
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        // Quality 11 and a 2^24 window: what `brotli -q 11` does.
        let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 11, 24);
        encoder.write_all(bytes).expect("brotli into memory");
    }
    out.len()
}

/// Which row a file counts in. boot.js is the loader, not the wasm-bindgen glue.
fn kind(name: &str) -> &'static str {
    if name.ends_with(".wasm") {
        "wasm"
    } else if name.ends_with(".css") {
        "css"
    } else if name.ends_with(".js") && name != "boot.js" {
        "js"
    } else {
        "other"
    }
}

pub fn transfer(dist: &Path) -> Vec<Row> {
    let kinds = ["wasm", "js", "css", "other"];
    let mut by_kind = [Sizes::default(); 4];
    let mut names: [Vec<String>; 4] = Default::default();
    let mut entries: Vec<_> = std::fs::read_dir(dist).expect("read dist").filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".br") || name.ends_with(".gz") || name == EMBED_HELPER {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read dist file");
        let i = kinds.iter().position(|k| *k == kind(&name)).unwrap_or(3);
        by_kind[i].add(Sizes { raw: bytes.len(), gzip: gzip(&bytes), brotli: brotli(&bytes) });
        names[i].push(name);
    }
    let mut total = Sizes::default();
    let mut rows = Vec::new();
    for (i, k) in kinds.iter().enumerate() {
        total.add(by_kind[i]);
        let what = if *k == "other" { format!(" ({})", names[i].join(", ")) } else { String::new() };
        rows.push(Row::info(format!("first load: {k}{what}, raw / gzip / brotli"), by_kind[i].text()));
    }
    rows.push(Row::info("first load: total gzip -9", format!("{} KiB", kib(total.gzip))));
    rows.push(Row::budget(
        "first load: total brotli -q 11",
        format!("{} KiB", kib(total.brotli)),
        format!("{BUDGET_BROTLI_KIB} KiB"),
        total.brotli as f64 / KIB <= BUDGET_BROTLI_KIB,
    ));
    rows.push(Row::budget(
        "first load: total raw",
        format!("{} KiB", kib(total.raw)),
        format!("{BUDGET_RAW_KIB} KiB"),
        total.raw as f64 / KIB <= BUDGET_RAW_KIB,
    ));
    rows
}
