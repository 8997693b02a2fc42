//! The documents under a folder: every file whose name says a readable
//! kind, in its subfolders too, hidden ones and links skipped (a link could
//! lead out of the folder or round in a circle). Bounded, so pointing a
//! collection at a home folder ends with a clear message, not a long hang.

use crate::documents::kind_of;
use crate::error::{AppError, AppResult, ErrorCode};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// More files than this is not a collection someone meant to make.
pub const MAX_FILES: usize = 5_000;
const MAX_DEPTH: usize = 12;

/// A file as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    pub path: PathBuf,
    pub size: u64,
    pub modified_ms: i64,
}

/// Its size and modification time, or `None` when it is gone (or not a
/// plain file any more).
pub fn stat(path: &Path) -> Option<FoundFile> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let modified_ms = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as i64);
    Some(FoundFile {
        path: path.to_path_buf(),
        size: meta.len(),
        modified_ms,
    })
}

/// Every readable document under `folder`, sorted by path.
pub fn scan(folder: &Path) -> AppResult<Vec<FoundFile>> {
    if !folder.is_dir() {
        let name = folder.file_name().unwrap_or(folder.as_os_str());
        return Err(AppError::new(
            ErrorCode::NotFound,
            format!(
                "The folder {} is not there any more.",
                name.to_string_lossy()
            ),
        ));
    }
    let mut found = Vec::new();
    let mut pending = vec![(folder.to_path_buf(), 0)];
    while let Some((dir, depth)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue; // unreadable subfolder: what can be read still is
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() && depth < MAX_DEPTH {
                pending.push((path, depth + 1));
            } else if kind.is_file() && kind_of(&name).is_some() {
                if let Some(file) = stat(&path) {
                    found.push(file);
                }
                if found.len() > MAX_FILES {
                    return Err(AppError::invalid_input(format!(
                        "This folder holds more than {MAX_FILES} documents; pick a smaller one."
                    )));
                }
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}
