//! A Tauri window and nothing else, for `make bench`: it prints
//! `first paint after N ms` (as the app logs it) when its page has loaded.
use std::time::Instant;
use tauri::webview::PageLoadEvent;

fn main() {
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
