//! Comet Desk's logic, free of Tauri: the CometAPI client, the SQLite store,
//! the keyring, and the chat flow that ties them together.

pub mod account;
pub mod catalogue;
pub mod chat;
pub mod client;
pub mod collections;
pub mod diagram_file;
pub mod documents;
pub mod drawn_poster;
pub mod error;
pub mod file_names;
pub mod files;
#[doc(hidden)]
pub mod fuzz_inputs;
pub mod gallery_export;
pub mod images;
pub mod links;
pub mod media_files;
pub mod media_server;
pub mod preferences;
pub mod previews;
pub mod prompts;
pub mod retrieval;
pub mod secret;
pub mod settings;
pub mod store;
pub mod tasks;
pub mod tokens;
pub mod transfer;
pub mod usage;
pub mod utc;

pub use error::{AppError, ErrorCode};
