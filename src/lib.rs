//! obshell backup panel: a Leptos (CSR) app for starting an OceanBase cluster backup through
//! obshell and following the resulting task DAG live.
//!
//! Data flows one way: form → [`obshell_api::BackupRequest`] → [`client`] (signing,
//! encryption) → transport → envelope → views.

pub mod app;
pub mod backup_jobs;
pub mod backup_types;
pub mod changed;
pub mod backup_form;
pub mod client;
pub mod components;
pub mod config;
pub mod destination_form;
pub mod download;
pub mod format;
pub mod history;
pub mod history_filter;
pub mod history_jobs;
pub mod host;
pub mod i18n;
pub mod incremental_base;
pub mod log_window;
pub mod notifications;
pub mod pages;
pub mod paths;
pub mod perf;
pub mod poller;
pub mod preferences;
pub mod router;
pub mod start_status;
pub mod state;
pub mod tenant_names;

pub use app::App;
