//! A database file that SQLite cannot read at start (not a database, or
//! its pages broken): the app must not lose it by starting over on top of
//! it. A copy is kept beside it at once; the file is replaced by a new,
//! empty database only when the user agrees.

use super::{now_ms, Store};
use crate::error::{AppError, AppResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What the user is told, and what `start_clean` needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct DamagedDatabase {
    /// The database the app opens.
    pub path: String,
    /// The copy of the damaged file, kept whatever the user decides.
    pub copy: String,
    /// SQLite's own words about the file.
    pub reason: String,
}

/// Opening the database at start: it opened, or its file is damaged, or
/// something else failed (disk full, no permission) that starting over
/// would not mend.
pub enum Opened {
    Ready(Store),
    Damaged(DamagedDatabase),
}

impl Store {
    /// As `open`, but a damaged file is told apart and copied aside first.
    pub fn open_at_start(path: &Path) -> AppResult<Opened> {
        let error = match Store::open(path) {
            Ok(store) => return Ok(Opened::Ready(store)),
            Err(error) => error,
        };
        // Only on failure: a whole-file check would slow every start.
        let Some(reason) = damage(path) else {
            return Err(error);
        };
        let copy = keep_copy(path)?;
        tracing::warn!(%reason, "the database file is damaged; a copy was kept");
        Ok(Opened::Damaged(DamagedDatabase {
            path: path.display().to_string(),
            copy: copy.display().to_string(),
            reason,
        }))
    }

    /// The user agreed: the damaged file (its copy stays) gives way to a
    /// new database.
    pub fn start_clean(damaged: &DamagedDatabase) -> AppResult<Store> {
        let path = Path::new(&damaged.path);
        if !Path::new(&damaged.copy).exists() {
            return Err(AppError::storage(
                "the copy of the damaged database is gone; nothing was removed",
            ));
        }
        for file in companions(path) {
            if file.exists() {
                std::fs::remove_file(&file).map_err(AppError::storage)?;
            }
        }
        Store::open(path)
    }
}

/// SQLite's complaint about the file, if it is damaged (rather than, say,
/// unwritable).
fn damage(path: &Path) -> Option<String> {
    let conn = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(conn) => conn,
        Err(err) => return is_damage(&err).then(|| err.to_string()),
    };
    match conn.query_row("PRAGMA quick_check(1)", [], |row| row.get::<_, String>(0)) {
        Ok(verdict) if verdict == "ok" => None,
        Ok(verdict) => Some(verdict),
        Err(err) => is_damage(&err).then(|| err.to_string()),
    }
}

fn is_damage(err: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    matches!(
        err.sqlite_error_code(),
        Some(DatabaseCorrupt | NotADatabase)
    )
}

/// The file and its WAL and shared-memory files, as SQLite names them.
fn companions(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [path.to_owned(), with("-wal"), with("-shm")]
}

/// Copies the file (and its WAL, which may hold the latest writes) to
/// `<name>.damaged-<ms>`, byte for byte.
fn keep_copy(path: &Path) -> AppResult<PathBuf> {
    let stamp = now_ms();
    let [db, wal, _] = companions(path);
    let mut name = db.as_os_str().to_owned();
    name.push(format!(".damaged-{stamp}"));
    let copy = PathBuf::from(name);
    std::fs::copy(&db, &copy).map_err(AppError::storage)?;
    if wal.exists() {
        let mut wal_copy = copy.as_os_str().to_owned();
        wal_copy.push("-wal");
        std::fs::copy(&wal, PathBuf::from(wal_copy)).map_err(AppError::storage)?;
    }
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_db() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("comet-desk.sqlite3");
        (dir, path)
    }

    fn damaged(opened: Opened) -> DamagedDatabase {
        match opened {
            Opened::Damaged(d) => d,
            Opened::Ready(_) => panic!("the damaged file opened"),
        }
    }

    #[test]
    fn a_file_that_is_not_a_database_is_kept_and_replaced_only_on_request() {
        let (_dir, path) = temp_db();
        let junk = b"this is not a database, but it is the user's file".repeat(100);
        std::fs::write(&path, &junk).unwrap();

        let found = damaged(Store::open_at_start(&path).unwrap());
        assert!(found.reason.contains("not a database"), "{}", found.reason);
        assert_eq!(
            std::fs::read(&found.copy).unwrap(),
            junk,
            "the copy is whole"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            junk,
            "nothing changed before the user agreed"
        );

        let store = Store::start_clean(&found).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
        assert_eq!(std::fs::read(&found.copy).unwrap(), junk, "the copy stays");
        drop(store);
        assert!(matches!(
            Store::open_at_start(&path).unwrap(),
            Opened::Ready(_)
        ));
    }

    #[test]
    fn a_database_with_broken_pages_is_found_damaged() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path).unwrap();
        drop(store);
        // Keep SQLite's header, scribble over the pages after it.
        let mut bytes = std::fs::read(&path).unwrap();
        for byte in bytes.iter_mut().skip(100) {
            *byte = 0xA5;
        }
        std::fs::write(&path, &bytes).unwrap();
        let found = damaged(Store::open_at_start(&path).unwrap());
        assert_eq!(std::fs::read(&found.copy).unwrap(), bytes);
    }

    #[test]
    fn a_sound_database_opens_and_other_failures_are_not_called_damage() {
        let (dir, path) = temp_db();
        assert!(matches!(
            Store::open_at_start(&path).unwrap(),
            Opened::Ready(_)
        ));
        // A folder where the file should be: not damage, and nothing copied.
        let folder = dir.path().join("a-folder.sqlite3");
        std::fs::create_dir(&folder).unwrap();
        assert!(Store::open_at_start(&folder).is_err());
        let copies = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains("damaged")
            })
            .count();
        assert_eq!(copies, 0);
    }

    #[test]
    fn starting_clean_without_the_copy_removes_nothing() {
        let (_dir, path) = temp_db();
        std::fs::write(&path, b"junk junk junk junk").unwrap();
        let found = damaged(Store::open_at_start(&path).unwrap());
        std::fs::remove_file(&found.copy).unwrap();
        assert!(Store::start_clean(&found).is_err());
        assert!(path.exists());
    }
}
