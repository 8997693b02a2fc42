//! A damaged database at start: the UI asks first whether there is one,
//! tells the user where the copy is, and starts clean or quits as they say.

use comet_core::store::{DamagedDatabase, Store};
use comet_core::AppError;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::{AppHandle, Manager};

/// Managed only when start-up found the database damaged.
pub struct Recovery {
    damaged: DamagedDatabase,
    data: PathBuf,
    resolved: AtomicBool,
}

impl Recovery {
    pub fn new(damaged: DamagedDatabase, data: PathBuf) -> Self {
        Self {
            damaged,
            data,
            resolved: AtomicBool::new(false),
        }
    }
}

/// The damaged database found at start, until the user started clean.
#[tauri::command]
#[specta::specta]
pub fn damaged_database(app: AppHandle) -> Option<DamagedDatabase> {
    let recovery = app.try_state::<Recovery>()?;
    (!recovery.resolved.load(Ordering::SeqCst)).then(|| recovery.damaged.clone())
}

/// The user agreed: a new database replaces the damaged file (its copy
/// stays), and every service starts on it.
#[tauri::command]
#[specta::specta]
pub fn start_clean(app: AppHandle) -> Result<(), AppError> {
    let recovery = app
        .try_state::<Recovery>()
        .ok_or_else(|| AppError::not_found("A damaged database"))?;
    if recovery.resolved.swap(true, Ordering::SeqCst) {
        return Ok(());
    }
    let store = Store::start_clean(&recovery.damaged).inspect_err(|_| {
        recovery.resolved.store(false, Ordering::SeqCst);
    })?;
    crate::services::install_on(&app, store, &recovery.data)
        .map_err(|err| AppError::storage(err.to_string()))
}

/// The user would rather restore the file themselves: nothing is changed.
#[tauri::command]
#[specta::specta]
pub fn quit_app(app: AppHandle) {
    app.exit(0);
}
