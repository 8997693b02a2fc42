// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    prefer_shared_memory_rendering();
    comet_desk_lib::run()
}

/// WebKitGTK's DMA-BUF renderer shows a blank window with some drivers
/// (NVIDIA's, several VMs) and, measured here, costs the web process about
/// 75 MB more; a chat window gains nothing from it. It stays off unless the
/// user asks for it with `WEBKIT_DISABLE_DMABUF_RENDERER=0`.
fn prefer_shared_memory_rendering() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        // Set before any thread starts, so no other code reads the environment concurrently.
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
}
