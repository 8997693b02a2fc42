//! The main window's behaviour that is not a command.

use tauri::{AppHandle, Manager};

/// A second launch of the app lands here: show the window the user already
/// has instead of opening another copy on the same database.
pub fn bring_to_front(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
