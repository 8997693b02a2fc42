//! One file per domain. Each command only unpacks its arguments and calls
//! the core; errors cross as `{ code, message }`.

pub mod account;
pub mod attachments;
pub mod chat;
pub mod collections;
pub mod folders;
pub mod gallery;
pub mod images;
pub mod links;
pub mod models;
pub mod previews;
pub mod prompts;
pub mod recovery;
pub mod settings;
pub mod startup;
pub mod tasks;
pub mod transfer;
pub mod updates;
pub mod usage;
