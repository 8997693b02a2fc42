// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    avoid_blank_webkit_window();
    comet_desk_lib::run()
}

/// WebKitGTK's DMA-BUF renderer shows a blank or white window with NVIDIA's
/// proprietary driver. Turn it off there, unless the user chose either way
/// (setting `WEBKIT_DISABLE_DMABUF_RENDERER=0` or `=1` wins).
fn avoid_blank_webkit_window() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none()
        && std::path::Path::new("/proc/driver/nvidia/version").exists()
    {
        // Set before any thread starts, so no other code reads the environment concurrently.
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
}
