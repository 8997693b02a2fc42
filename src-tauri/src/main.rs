// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before any thread starts: it sets environment variables (webkit_env.rs).
    #[cfg(target_os = "linux")]
    comet_desk_lib::webkit_env::apply();
    comet_desk_lib::run()
}
