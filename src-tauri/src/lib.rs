//! Comet Desk's Tauri shell: builds the services once at start-up, hands
//! each to Tauri as its own managed value, and exposes thin commands.

mod commands;
mod desktop;
mod image_protocol;
mod json_dialog;
mod preview_protocol;
mod services;
#[cfg(target_os = "linux")]
pub mod webkit_env;
mod window;

use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri::Manager;
use tauri_specta::{collect_commands, collect_events, Builder};

/// Every command the web view may call; the TypeScript bindings are
/// generated from this same list.
pub fn ipc_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .events(collect_events![commands::attachments::FilesDropped])
        .commands(collect_commands![
            commands::attachments::pick_attachments,
            commands::attachments::attach_image_data,
            commands::attachments::attach_document_data,
            commands::attachments::document_text,
            commands::collections::list_collections,
            commands::collections::create_folder_collection,
            commands::collections::create_collection,
            commands::collections::add_collection_files,
            commands::collections::read_collection,
            commands::collections::pause_collection,
            commands::collections::collection_files,
            commands::collections::remove_collection_files,
            commands::collections::rename_collection,
            commands::collections::set_collection_model,
            commands::collections::delete_collection,
            commands::collections::chat_collection,
            commands::collections::set_chat_collection,
            commands::account::has_key,
            commands::account::save_key,
            commands::account::delete_key,
            commands::models::model_catalogue,
            commands::models::set_favourite_model,
            commands::account::get_balance,
            commands::account::server_daily_spend,
            commands::settings::get_settings,
            commands::settings::update_settings,
            commands::folders::sidebar,
            commands::folders::chat_page,
            commands::folders::conversation,
            commands::folders::create_folder,
            commands::folders::rename_folder,
            commands::folders::delete_folder,
            commands::folders::move_conversations,
            commands::folders::pin_conversations,
            commands::folders::delete_conversations,
            commands::chat::create_conversation,
            commands::chat::rename_conversation,
            commands::chat::delete_conversation,
            commands::chat::set_conversation_settings,
            commands::chat::list_messages,
            commands::chat::select_branch,
            commands::chat::delete_message,
            commands::chat::send_turn,
            commands::chat::compare_models,
            commands::chat::stop_answer,
            commands::chat::search,
            commands::images::generate_image,
            commands::images::cancel_generation,
            commands::tasks::submit_task,
            commands::tasks::press_task_button,
            commands::tasks::continue_task_modal,
            commands::tasks::check_task,
            commands::tasks::stop_watching_task,
            commands::tasks::list_tasks,
            commands::tasks::split_task_grid,
            commands::tasks::replicate_models,
            commands::tasks::video_models,
            commands::tasks::suno_versions,
            commands::tasks::watch_tasks,
            commands::gallery::list_images,
            commands::gallery::gallery_facets,
            commands::gallery::image_lineage,
            commands::gallery::set_image_tags,
            commands::gallery::set_image_favourite,
            commands::gallery::keep_video_poster,
            commands::gallery::media_address,
            commands::gallery::delete_image,
            commands::gallery::restore_image,
            commands::gallery::save_image,
            commands::gallery::save_image_as,
            commands::gallery::export_gallery_images,
            commands::gallery::copy_image,
            commands::gallery::reveal_file,
            commands::previews::open_preview,
            commands::previews::save_diagram_as,
            commands::prompts::list_prompts,
            commands::prompts::save_prompt,
            commands::prompts::delete_prompt,
            commands::prompts::export_prompts,
            commands::prompts::import_prompts,
            commands::transfer::export_chats,
            commands::transfer::import_chats,
            commands::usage::usage_report,
            commands::usage::budget_status,
            commands::usage::export_usage_csv,
            commands::links::open_link,
            commands::startup::first_paint,
            commands::recovery::damaged_database,
            commands::recovery::start_clean,
            commands::recovery::quit_app,
            commands::updates::check_update,
            commands::updates::install_update,
        ])
}

/// The TypeScript the UI imports; a test fails when the file on disk is stale.
pub fn typescript_bindings() -> String {
    let language = Typescript::default()
        .bigint(BigIntExportBehavior::Number)
        .header(
        "// Generated from the Rust commands by `make bindings`. Do not edit.\n// @ts-nocheck\n",
    );
    match ipc_builder().export_str(language) {
        // specta also exports Channel as a `null` type alias, which would
        // shadow the real Channel class imported below it.
        Ok(text) => text.replace("export type TAURI_CHANNEL<TSend> = null\n", ""),
        Err(err) => format!("// export failed: {err}\n"),
    }
}

pub fn run() {
    let launch = commands::startup::LaunchTime::now();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colours only on a terminal: log files and pipes get plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,comet=info".into()),
        )
        .init();
    let ipc = ipc_builder();
    let invoke = ipc.invoke_handler();
    let builder = tauri::Builder::default();
    // Linux reaches the clipboard and notifications itself (desktop.rs).
    #[cfg(not(target_os = "linux"))]
    let builder = builder
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_notification::init());
    let result = builder
        // First: a second launch hands over to the running window and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::bring_to_front(app)
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_updater::Builder::new().build())
        // Used from Rust only (export and import pick their files there):
        // the web view gets no file-system permission.
        .plugin(tauri_plugin_dialog::init())
        .manage(launch)
        // Kept from the start (not with the services): a frame may ask for
        // its page in any state of the app.
        .manage(comet_core::previews::Previews::default())
        .invoke_handler(invoke)
        .register_asynchronous_uri_scheme_protocol(image_protocol::SCHEME, image_protocol::serve)
        .register_uri_scheme_protocol(preview_protocol::SCHEME, preview_protocol::serve)
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                commands::attachments::on_drop(window.app_handle(), paths.clone());
            }
        })
        .on_page_load(|webview, payload| {
            let stage = match payload.event() {
                tauri::webview::PageLoadEvent::Started => "page load started",
                tauri::webview::PageLoadEvent::Finished => "page loaded",
            };
            webview.state::<commands::startup::LaunchTime>().mark(stage);
        })
        .setup(move |app| {
            let mark =
                |app: &tauri::App, stage| app.state::<commands::startup::LaunchTime>().mark(stage);
            // Tauri makes the configured window before this runs.
            mark(app, "window created");
            ipc.mount_events(app);
            window::tune_webkit(app);
            let installed = services::install(app);
            mark(app, "services ready");
            installed
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        tracing::error!(%err, "Comet Desk stopped with an error");
        std::process::exit(1);
    }
}
