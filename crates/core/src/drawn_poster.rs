//! A poster the window drew from a clip's first frame, for clips whose
//! family gives none (Kling, Runway, Sora without a thumbnail): kept once
//! as the clip's thumbnail, so the grid shows a picture instead of asking
//! WebKit to open every clip on screen.

use crate::error::{AppError, AppResult};
use crate::media_files::{MediaFiles, MediaKind};
use crate::store::{GalleryImage, Store};
use base64::Engine;

/// A drawn frame is a small JPEG or PNG; anything larger is not one.
const MAX_POSTER_BYTES: usize = 4 * 1024 * 1024;

pub fn keep_drawn_poster(
    store: &Store,
    files: &MediaFiles,
    id: i64,
    base64_image: &str,
) -> AppResult<GalleryImage> {
    let clip = store.image(id)?;
    if clip.kind != MediaKind::Video || !clip.thumb.is_empty() {
        return Ok(clip);
    }
    if base64_image.len() > MAX_POSTER_BYTES * 4 / 3 + 4 {
        return Err(AppError::invalid_input("The poster frame is too large."));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64_image.trim())
        .map_err(|_| AppError::invalid_input("The poster frame could not be read."))?;
    // Decoded and re-encoded as our thumbnail: a page's bytes are never kept as they came.
    let thumb = files.keep_poster(&bytes)?;
    store.set_missing_thumb(id, &thumb)
}
