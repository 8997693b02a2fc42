//! `comet-image://localhost/<sha256>.<png|jpg|mp4|mp3>`: the page shows
//! the library's pictures, videos and songs through this scheme. Only
//! names the media store makes are served, so no other file on disk can
//! be reached through it. Range requests are answered with that part
//! alone: a clip seeks without being read again (`media_files::ranges`).

use comet_core::media_files::ranges::{byte_range, RangeAnswer, MAX_PART};
use comet_core::media_files::{mime_of, MediaFiles};
use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "comet-image";

/// The app's own page on each platform and in development. Only it may
/// read a file's pixels (to draw a clip's first frame as its poster); a
/// preview frame, with its opaque origin, may show files but not read them.
pub const APP_ORIGINS: [&str; 4] = [
    "tauri://localhost",
    "http://tauri.localhost",
    "https://tauri.localhost",
    "http://localhost:5173",
];

fn read_part(path: &std::path::Path, start: u64, end: u64) -> Option<Vec<u8>> {
    let mut file = std::fs::File::open(path).ok()?;
    file.seek(SeekFrom::Start(start)).ok()?;
    let mut out = Vec::with_capacity((end - start + 1) as usize);
    file.take(end - start + 1).read_to_end(&mut out).ok()?;
    Some(out)
}

fn answer(
    files: &MediaFiles,
    file: &str,
    range: Option<&str>,
    origin: Option<&str>,
) -> Option<Response<Vec<u8>>> {
    let path = files.path_of(file)?;
    let len = std::fs::metadata(&path).ok()?.len();
    let mut builder = Response::builder();
    if let Some(origin) = origin.filter(|o| APP_ORIGINS.contains(o)) {
        builder = builder
            .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin)
            .header(header::VARY, "Origin");
    }
    let builder = builder
        .header(header::CONTENT_TYPE, mime_of(file))
        .header(header::ACCEPT_RANGES, "bytes")
        // Content-addressed: the bytes behind a name never change.
        .header(header::CACHE_CONTROL, "max-age=31536000, immutable");
    // A media file asked for whole is answered with its first part, so a
    // 500 MB clip is never read into memory at once.
    let media = file.ends_with(".mp4") || file.ends_with(".mp3");
    let asked = match byte_range(range, len) {
        RangeAnswer::Whole if media && len > MAX_PART => byte_range(Some("bytes=0-"), len),
        other => other,
    };
    let response = match asked {
        RangeAnswer::Whole => builder.body(std::fs::read(&path).ok()?),
        RangeAnswer::Part { start, end } => builder
            .status(StatusCode::PARTIAL_CONTENT)
            .header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"))
            .body(read_part(&path, start, end)?),
        RangeAnswer::Unsatisfiable => builder
            .status(StatusCode::RANGE_NOT_SATISFIABLE)
            .header(header::CONTENT_RANGE, format!("bytes */{len}"))
            .body(Vec::new()),
    };
    response.ok()
}

pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let files = ctx.app_handle().state::<Arc<MediaFiles>>().inner().clone();
    let file = request.uri().path().trim_start_matches('/').to_owned();
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    tauri::async_runtime::spawn_blocking(move || {
        let response =
            answer(&files, &file, range.as_deref(), origin.as_deref()).unwrap_or_else(|| {
                let mut missing = Response::new(Vec::new());
                *missing.status_mut() = StatusCode::NOT_FOUND;
                missing
            });
        responder.respond(response);
    });
}
