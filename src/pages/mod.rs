//! Routed pages: each owns its data (fetches, pollers) and composes components.

pub mod backup_page;
pub mod dag_page;
pub mod destination_page;
pub mod history_page;
pub mod tenants_page;
