use leptos::prelude::*;
use obshell_panel::{config, App};

fn main() {
    // A panic is a bug (outside data never panics by design); if one happens, say where in
    // the console instead of a bare "unreachable".
    console_error_panic_hook::set_once();
    // Leptos sets up its executor when mounting; the config fetch runs before that.
    wasm_bindgen_futures::spawn_local(async {
        let config = config::load().await;
        obshell_panel::perf::enable(config.perf_marks);
        leptos::mount::mount_to_body(move || view! { <App config=config /> });
    });
}
