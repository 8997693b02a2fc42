//! Builds every service once, before the window can call a command, and
//! registers each as its own managed value.

use crate::commands::recovery::Recovery;
use comet_core::account::Account;
use comet_core::catalogue::Catalogue;
use comet_core::chat::ChatService;
use comet_core::client::{ClientConfig, SharedClient};
use comet_core::documents::Reader;
use comet_core::images::Studio;
use comet_core::media_files::MediaFiles;
use comet_core::preferences::Preferences;
use comet_core::prompts::PromptLibrary;
use comet_core::secret::Keyring;
use comet_core::settings::{Settings, DEFAULT_BALANCE_URL, DEFAULT_BASE_URL};
use comet_core::store::{Opened, Store};
use comet_core::tasks::{TaskEngine, TaskTimings};
use comet_core::usage::Usage;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::Manager;

const KEYRING_SERVICE: &str = "comet-desk";
const KEYRING_ACCOUNT: &str = "cometapi-key";
/// A document attached but never sent is kept a day (a draft survives a
/// restart), then forgotten at the next start.
const DOCUMENTS_KEPT_UNSENT_MS: i64 = 24 * 60 * 60 * 1000;

/// `COMET_DESK_DATA_DIR` puts the database elsewhere (demo and tests);
/// otherwise the OS's app data folder.
fn data_dir(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    match std::env::var_os("COMET_DESK_DATA_DIR") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(app.path().app_data_dir()?),
    }
}

/// `COMET_DESK_BASE_URL` and `COMET_DESK_BALANCE_URL` are the defaults for
/// a profile that has not chosen its own, so `make demo` and the tests can
/// point a fresh profile at fake-comet.
fn default_settings() -> Settings {
    let env =
        |name: &str, fallback: &str| std::env::var(name).unwrap_or_else(|_| fallback.to_owned());
    Settings::defaults(
        &env("COMET_DESK_BASE_URL", DEFAULT_BASE_URL),
        &env("COMET_DESK_BALANCE_URL", DEFAULT_BALANCE_URL),
    )
}

/// `COMET_DESK_TASK_POLL_MS` polls tasks more often than CometAPI needs
/// (the window tests, against fake-comet's quick jobs).
fn task_timings() -> TaskTimings {
    let mut timings = TaskTimings::default();
    if let Some(ms) = std::env::var("COMET_DESK_TASK_POLL_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        let every = std::time::Duration::from_millis(ms.max(50));
        timings.midjourney_every = every;
        timings.replicate_every = every;
        timings.media_every = every;
    }
    timings
}

/// Opens the database and builds every service on it. A damaged database
/// file builds nothing but the `Recovery` the UI asks about first.
pub fn install(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let data = data_dir(app)?;
    match Store::open_at_start(&data.join("comet-desk.sqlite3"))? {
        Opened::Ready(store) => install_on(app.handle(), store, &data),
        Opened::Damaged(damaged) => {
            app.manage(Recovery::new(damaged, data));
            Ok(())
        }
    }
}

/// Every service on an open database: at start, or once the user chose to
/// start clean over a damaged file.
pub fn install_on(
    app: &tauri::AppHandle,
    store: Store,
    data: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let store = Arc::new(store);
    if let Err(err) = store.forget_unused_documents(DOCUMENTS_KEPT_UNSENT_MS) {
        tracing::warn!(%err, "could not forget documents no question carries");
    }
    let attachments = Arc::new(MediaFiles::new(data.join("images")));
    let defaults = default_settings();
    let settings = store.load_settings()?.unwrap_or_else(|| defaults.clone());
    let client = Arc::new(SharedClient::new(ClientConfig::from_settings(&settings))?);
    let keyring = Arc::new(Keyring::new(KEYRING_SERVICE, KEYRING_ACCOUNT));

    let catalogue = Arc::new(Catalogue::new(
        store.clone(),
        client.clone(),
        keyring.clone(),
    ));

    app.manage(Account::new(keyring.clone(), client.clone()));
    app.manage(Preferences::new(store.clone(), client.clone(), defaults));
    app.manage(
        ChatService::new(
            store.clone(),
            client.clone(),
            keyring.clone(),
            catalogue.clone(),
            attachments.clone(),
        )
        .with_document_reader(document_reader()),
    );
    app.manage(comet_core::collections::Collections::new(
        store.clone(),
        client.clone(),
        keyring.clone(),
        catalogue.clone(),
        document_reader(),
    ));
    app.manage(Studio::new(
        store.clone(),
        client.clone(),
        keyring.clone(),
        attachments.clone(),
        catalogue.clone(),
    ));
    let engine = Arc::new(TaskEngine::new(
        store.clone(),
        client,
        keyring,
        attachments.clone(),
        catalogue.clone(),
        task_timings(),
    ));
    crate::commands::tasks::start(app, engine.clone());
    let (address, serve) =
        comet_core::media_server::bind(attachments.clone(), &crate::image_protocol::APP_ORIGINS)?;
    tauri::async_runtime::spawn(serve);
    app.manage(comet_core::media_server::MediaAddress(address));
    app.manage(engine);
    app.manage(catalogue);
    app.manage(Usage::new(store.clone()));
    app.manage(PromptLibrary::new(store.clone()));
    app.manage(attachments);
    app.manage(store);
    Ok(())
}

/// Documents are read by this binary run again (main.rs), so a file that
/// crashes its parser ends that child only. Without a path to it (never
/// seen on a desktop), they are read here.
fn document_reader() -> Reader {
    match std::env::current_exe() {
        Ok(exe) => Reader::Child(exe),
        Err(err) => {
            tracing::warn!(%err, "documents are read in the app's own process");
            Reader::InProcess
        }
    }
}
