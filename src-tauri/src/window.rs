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

/// WebKitGTK's defaults suit a web browser: a cache of decoded images and
/// pages for going back, and GPU compositing layers. Our pages are local,
/// the gallery scrolls through thousands of thumbnails, and under software
/// rendering (DMA-BUF is off, see webkit_env.rs) compositing layers only cost
/// memory: with 10,000 thumbnails scrolled through, the web process peaked
/// at about 420 MB with them and 170 MB without (`make bench`). Set
/// `COMET_DESK_GPU=1` to keep WebKit's own choice.
pub fn tune_webkit(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    if let Some(window) = app.get_webview_window("main") {
        let gpu = std::env::var("COMET_DESK_GPU").is_ok_and(|v| v == "1");
        let done = window.with_webview(move |webview| {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
            };
            let view = webview.inner();
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
            if let (false, Some(settings)) = (gpu, WebViewExt::settings(&view)) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(err) = done {
            tracing::warn!(%err, "the web view keeps WebKit's defaults");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
