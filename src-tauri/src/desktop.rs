//! Two desktop services a command needs: a notification, and a picture on
//! the clipboard. On Linux through GTK and libdbus, which the app links
//! anyway; elsewhere through Tauri's plugins.

use comet_core::{AppError, ErrorCode};
use tauri::AppHandle;

/// Shows a desktop notification; a desktop without a notification service
/// simply shows none.
pub fn notify(app: &AppHandle, title: &str, body: &str) {
    #[cfg(target_os = "linux")]
    {
        let _ = app;
        let (title, body) = (title.to_owned(), body.to_owned());
        // A D-Bus round trip: off the async threads, and never waited for.
        std::thread::spawn(move || {
            if let Err(err) = notify_over_dbus(&title, &body) {
                tracing::info!(%err, "no desktop notification");
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    {
        use tauri_plugin_notification::NotificationExt;
        if let Err(err) = app.notification().builder().title(title).body(body).show() {
            tracing::info!(%err, "no desktop notification");
        }
    }
}

#[cfg(target_os = "linux")]
fn notify_over_dbus(title: &str, body: &str) -> Result<(), dbus::Error> {
    let connection = dbus::blocking::Connection::new_session()?;
    let service = connection.with_proxy(
        "org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        std::time::Duration::from_secs(3),
    );
    let actions: Vec<&str> = Vec::new();
    let hints = dbus::arg::PropMap::new();
    let _: (u32,) = service.method_call(
        "org.freedesktop.Notifications",
        "Notify",
        (
            "Comet Desk",
            0u32,
            "comet-desk",
            title,
            body,
            actions,
            hints,
            -1i32,
        ),
    )?;
    Ok(())
}

/// Puts an RGBA picture on the system clipboard.
pub fn copy_image(app: &AppHandle, rgba: Vec<u8>, width: u32, height: u32) -> Result<(), AppError> {
    let refused = |why: String| {
        AppError::new(
            ErrorCode::OpenFailed,
            format!("The clipboard refused the image: {why}"),
        )
    };
    #[cfg(target_os = "linux")]
    {
        // GTK's clipboard lives on the main thread.
        let (done, result) = std::sync::mpsc::channel();
        app.run_on_main_thread(move || {
            use gtk::gdk_pixbuf::{Colorspace, Pixbuf};
            let stride = width as i32 * 4;
            let bytes = gtk::glib::Bytes::from_owned(rgba);
            let picture = Pixbuf::from_bytes(
                &bytes,
                Colorspace::Rgb,
                true,
                8,
                width as i32,
                height as i32,
                stride,
            );
            let clipboard = gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD);
            clipboard.set_image(&picture);
            clipboard.store();
            let _ = done.send(());
        })
        .map_err(|err| refused(err.to_string()))?;
        result
            .recv_timeout(std::time::Duration::from_secs(5))
            .map_err(|err| refused(err.to_string()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        use tauri_plugin_clipboard_manager::ClipboardExt;
        let image = tauri::image::Image::new_owned(rgba, width, height);
        app.clipboard()
            .write_image(&image)
            .map_err(|err| refused(err.to_string()))
    }
}
