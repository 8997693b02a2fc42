//! `comet-preview://localhost/<token>`: an answer's HTML or SVG, served
//! under its own strict CSP (`PREVIEW_CSP`) into a sandboxed frame.

use comet_core::previews::{Previews, PREVIEW_CSP};
use tauri::http::{Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext};

pub const SCHEME: &str = "comet-preview";

pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
) -> Response<Vec<u8>> {
    let previews = ctx.app_handle().state::<Previews>();
    let token = request.uri().path().trim_start_matches('/');
    let page = previews.page(token);
    let response = match page {
        Some(page) => Response::builder()
            .header("Content-Type", "text/html; charset=utf-8")
            .header("Content-Security-Policy", PREVIEW_CSP)
            .header("X-Content-Type-Options", "nosniff")
            .header("Cache-Control", "no-store")
            .body(page.into_bytes()),
        None => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .header("Content-Security-Policy", PREVIEW_CSP)
            .body(b"This preview is no longer kept. Open it again.".to_vec()),
    };
    response.unwrap_or_else(|_| Response::new(Vec::new()))
}
