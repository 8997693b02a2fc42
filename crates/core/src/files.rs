//! Writing a file the user chose: through a temporary file beside it, then
//! a rename, so a full disk or a crash never leaves half a file behind.

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
