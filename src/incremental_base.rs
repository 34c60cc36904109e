//! Which tenants in the form's scope have no completed backup in their current destination for
//! an incremental one to build on, asked of OceanBase's own job history while the form says
//! Incremental (see [`crate::client::ObshellClient::incremental_base`]). For those tenants
//! OceanBase quietly takes a full backup instead (see [`IncrementalBase`]): longer and larger
//! than what was asked, so the form says so before the start, not the bill afterwards.

use crate::backup_form::BackupForm;
use crate::state::use_ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use obshell_api::backup::IncrementalBase;
use obshell_api::BackupMode;

/// The tenants in scope that OceanBase has no completed backup of in their current destination
/// (empty unless the form says Incremental). Advisory: an answer that fails or cannot tell claims nothing.
pub fn use_tenants_without_incremental_base(
    form: RwSignal<BackupForm>,
    tenants: RwSignal<Option<Vec<String>>>,
) -> Signal<Vec<String>> {
    let ctx = use_ctx();
    let (client, session) = (ctx.client.clone(), ctx.session);
    let without = RwSignal::new(Vec::<String>::new());
    // A memo, so typing a password (the same scope and mode) asks nothing again.
    let scope = Memo::new(move |_| {
        if !session.signed_in.get() || form.with(|f| f.mode) != BackupMode::Incremental {
            return None;
        }
        match form.with(|f| f.tenant.clone()) {
            Some(name) => Some(vec![name]),
            None => tenants.get(),
        }
    });
    // Only the newest question may answer: the scope can change while one is in flight.
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let question = asked.get_value().wrapping_add(1);
        asked.set_value(question);
        let Some(names) = scope.get() else {
            without.set(Vec::new());
            return;
        };
        let client = client.clone();
        spawn_local(async move {
            // `try_`: the page may have been left while obshell answered.
            let current = move || asked.try_get_value() == Some(question);
            let mut found = Vec::new();
            for name in names {
                if let Ok(IncrementalBase::Missing) = client.incremental_base(&name).await {
                    found.push(name);
                }
                // A newer question, or no page: ask nothing more.
                if !current() {
                    return;
                }
            }
            without.try_set(found);
        });
    });
    without.into()
}
