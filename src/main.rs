use leptos::prelude::*;
use obshell_panel::{config, App};

fn main() {
    leptos::task::spawn_local(async {
        let config = config::load().await;
        leptos::mount::mount_to_body(move || view! { <App config=config /> });
    });
}
