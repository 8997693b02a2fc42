// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // The document reader's child (documents/isolated.rs): it reads one
    // file and exits, before anything of the app starts.
    if std::env::args().nth(1).as_deref() == Some(comet_core::documents::READ_DOCUMENT_ARG) {
        std::process::exit(comet_core::documents::serve_child());
    }
    // Before any thread starts: it sets environment variables (webkit_env.rs).
    #[cfg(target_os = "linux")]
    comet_desk_lib::webkit_env::apply();
    comet_desk_lib::run()
}
