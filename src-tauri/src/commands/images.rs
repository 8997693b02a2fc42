//! The image studio. Generation events stream through a Channel per
//! request, so several generations never mix.

use comet_core::images::{GenerateRequest, ImageEvent, Studio};
use comet_core::AppError;
use tauri::ipc::Channel;
use tauri::{Manager, State, Window};

/// Resolves when the generation has ended; its progress and images arrive
/// on `on_event`. A finished one is announced when the window is not in front.
#[tauri::command]
#[specta::specta]
pub async fn generate_image(
    window: Window,
    studio: State<'_, Studio>,
    request: GenerateRequest,
    on_event: Channel<ImageEvent>,
) -> Result<(), AppError> {
    let mut emit = |event: ImageEvent| {
        if matches!(event, ImageEvent::Done { saved, .. } if saved > 0) {
            announce(&window, &request.prompt);
        }
        let _ = on_event.send(event);
    };
    studio.generate(&request, &mut emit).await
}

/// A desktop notification, unless the user is looking at the app.
fn announce(window: &Window, prompt: &str) {
    if window.is_focused().unwrap_or(true) {
        return;
    }
    let body: String = prompt.chars().take(120).collect();
    crate::desktop::notify(window.app_handle(), "Your image is ready", &body);
}

#[tauri::command]
#[specta::specta]
pub fn cancel_generation(studio: State<'_, Studio>, generation_id: i64) -> bool {
    studio.cancel(generation_id)
}
