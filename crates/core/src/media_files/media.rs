//! Videos and songs in the media store: a finished download is checked
//! (`check.rs`) and renamed to the hash of its bytes, or deleted. Nothing
//! half-written is ever under a kept name: downloads live in the partial
//! folder until they pass.

use super::check::{inspect, MediaInfo, MediaKind};
use super::{hex, MediaFiles};
use crate::client::Downloaded;
use crate::error::{AppError, AppResult, ErrorCode};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptMedia {
    /// `<sha256>.mp4` or `<sha256>.mp3`.
    pub file: String,
    pub info: MediaInfo,
}

impl MediaFiles {
    /// Checks a downloaded video or song and keeps it; a file that is not
    /// what `want` says is deleted with a message saying what it was.
    pub fn keep_media(&self, download: Downloaded, want: MediaKind) -> AppResult<KeptMedia> {
        let mut opened = download.file.reopen().map_err(AppError::storage)?;
        let len = opened.metadata().map_err(AppError::storage)?.len();
        let info = inspect(&mut opened, len).map_err(|why| {
            AppError::new(
                ErrorCode::BadResponse,
                format!("The downloaded file was refused: {}.", why.0),
            )
        })?;
        if info.kind != want {
            return Err(AppError::new(
                ErrorCode::BadResponse,
                format!(
                    "The downloaded file was refused: a {} was expected and it is a {}.",
                    want.as_str(),
                    info.kind.as_str()
                ),
            ));
        }
        let file = format!("{}.{}", hex(&download.sha256), info.extension);
        let path = self.dir.join(&file);
        if !path.exists() {
            download
                .file
                .persist(&path)
                .map_err(|e| AppError::storage(e.error))?;
        }
        Ok(KeptMedia { file, info })
    }

    /// A poster or cover picture: kept whole, its thumbnail returned.
    pub fn keep_poster(&self, bytes: &[u8]) -> AppResult<String> {
        Ok(self.keep(bytes)?.1)
    }

    /// The stored file's size in bytes (a range request's total).
    pub fn len_of(&self, file: &str) -> Option<u64> {
        std::fs::metadata(self.path_of(file)?).ok().map(|m| m.len())
    }
}

/// Bytes free for a new file in `dir` (on its file system), if known.
pub fn free_space(dir: &Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}
