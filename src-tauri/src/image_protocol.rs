//! `comet-image://localhost/<sha256>.<png|jpg>`: the page shows stored
//! images through this scheme. Only names the attachments store makes are
//! served, so no other file on disk can be reached through it.

use comet_core::image_files::{mime_of, ImageFiles};
use std::sync::Arc;
use tauri::http::{Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "comet-image";

pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let attachments = ctx.app_handle().state::<Arc<ImageFiles>>().inner().clone();
    let file = request.uri().path().trim_start_matches('/').to_owned();
    tauri::async_runtime::spawn_blocking(move || {
        let found = attachments
            .path_of(&file)
            .and_then(|path| std::fs::read(path).ok());
        let response = match found {
            Some(bytes) => Response::builder()
                .header("Content-Type", mime_of(&file))
                // Content-addressed: the bytes behind a name never change.
                .header("Cache-Control", "max-age=31536000, immutable")
                .body(bytes),
            None => Response::builder()
                .status(StatusCode::NOT_FOUND)
                .body(Vec::new()),
        };
        match response {
            Ok(response) => responder.respond(response),
            Err(err) => tracing::warn!(%err, "could not build the image response"),
        }
    });
}
