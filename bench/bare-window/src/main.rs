//! A Tauri window and nothing else, for `make bench`: it prints
//! `first paint after N ms` (as the app logs it) when its page has loaded.
//! `BARE_WINDOW_APP_SETTINGS=1` starts it with the app's WebKit settings,
//! from the app's own module, so the two cannot drift apart.
use std::time::Instant;
use tauri::webview::PageLoadEvent;

#[cfg(target_os = "linux")]
#[path = "../../../src-tauri/src/webkit_env.rs"]
mod webkit_env;

fn main() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("BARE_WINDOW_APP_SETTINGS").is_some_and(|v| v == "1") {
        // Before any thread starts, as in the app's main.
        webkit_env::apply();
    }
    let started = Instant::now();
    let run = tauri::Builder::default()
        .on_page_load(move |_, payload| {
            if payload.event() == PageLoadEvent::Finished {
                eprintln!("first paint after {} ms", started.elapsed().as_millis());
            }
        })
        .run(tauri::generate_context!());
    if let Err(err) = run {
        eprintln!("bare-window: {err}");
        std::process::exit(1);
    }
}
