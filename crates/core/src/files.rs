//! Writing a file the user chose: through a temporary file beside it, then
//! a rename, so a full disk or a crash never leaves half a file behind.
//! And reading, whole, one the user picked to import.

use crate::error::{AppError, AppResult};
use std::io::Write;
use std::path::Path;

pub fn write_atomically(path: &Path, bytes: &[u8]) -> AppResult<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(AppError::file)?;
    temp.write_all(bytes).map_err(AppError::file)?;
    temp.as_file().sync_all().map_err(AppError::file)?;
    temp.persist(path).map_err(|e| AppError::file(e.error))?;
    Ok(())
}

/// A text file the user picked to import, whole, refused over `limit`
/// bytes with `too_large` (a wrong pick, not a backup or a list).
pub fn read_import(path: &Path, limit: u64, too_large: &str) -> AppResult<String> {
    let size = std::fs::metadata(path)
        .map_err(|_| AppError::invalid_input("This file could not be opened."))?
        .len();
    if size > limit {
        return Err(AppError::invalid_input(too_large));
    }
    std::fs::read_to_string(path).map_err(|_| {
        AppError::invalid_input("This file could not be read as text. Pick a JSON file.")
    })
}
