//! Folders and pins: where a chat sits in the sidebar. A chat is in one
//! folder or none; pinned chats show on top whatever their folder.

use super::{now_ms, Store};
use crate::error::{AppError, AppResult};
use rusqlite::{params, params_from_iter, Connection};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Folder {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    /// Its chats that are not pinned (those show in Pinned instead).
    pub chat_count: u32,
}

pub(super) fn clean_name(name: &str) -> AppResult<String> {
    let name: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AppError::invalid_input("A folder needs a name."));
    }
    Ok(name.chars().take(100).collect())
}

/// `?, ?, ?` for an `IN (…)` of `count` ids.
fn placeholders(count: usize) -> String {
    vec!["?"; count].join(", ")
}

fn require_folder(conn: &Connection, id: i64) -> AppResult<()> {
    let found: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM folders WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if found {
        Ok(())
    } else {
        Err(AppError::not_found("The folder"))
    }
}

impl Store {
    pub fn create_folder(&self, name: &str) -> AppResult<Folder> {
        let name = clean_name(name)?;
        let conn = self.conn();
        conn.execute(
            "INSERT INTO folders(name, created_at) VALUES (?1, ?2)",
            params![name, now_ms()],
        )?;
        let id = conn.last_insert_rowid();
        drop(conn);
        self.folder(id)
    }

    pub fn rename_folder(&self, id: i64, name: &str) -> AppResult<Folder> {
        let name = clean_name(name)?;
        let changed = self.conn().execute(
            "UPDATE folders SET name = ?1 WHERE id = ?2",
            params![name, id],
        )?;
        if changed == 0 {
            return Err(AppError::not_found("The folder"));
        }
        self.folder(id)
    }

    /// Its chats go back to the sidebar's own list (ON DELETE SET NULL).
    pub fn delete_folder(&self, id: i64) -> AppResult<()> {
        let changed = self
            .conn()
            .execute("DELETE FROM folders WHERE id = ?1", [id])?;
        if changed == 0 {
            return Err(AppError::not_found("The folder"));
        }
        Ok(())
    }

    pub fn folder(&self, id: i64) -> AppResult<Folder> {
        self.folders_where("WHERE f.id = ?1", [id])?
            .pop()
            .ok_or_else(|| AppError::not_found("The folder"))
    }

    /// By name, as people look for them; each with its count.
    pub fn folders(&self) -> AppResult<Vec<Folder>> {
        self.folders_where("", [])
    }

    fn folders_where<P: rusqlite::Params>(&self, filter: &str, args: P) -> AppResult<Vec<Folder>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT f.id, f.name, f.created_at,
                (SELECT count(*) FROM conversations c WHERE c.folder_id = f.id AND c.pinned = 0)
             FROM folders f {filter}
             ORDER BY f.name COLLATE NOCASE, f.id"
        ))?;
        let rows = stmt.query_map(args, |row| {
            Ok(Folder {
                id: row.get(0)?,
                name: row.get(1)?,
                created_at: row.get(2)?,
                chat_count: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every chat in the folder, pinned or not (for export and delete).
    pub fn folder_chat_ids(&self, id: i64) -> AppResult<Vec<i64>> {
        let conn = self.conn();
        require_folder(&conn, id)?;
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM conversations WHERE folder_id = ?1 ORDER BY updated_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Into `folder`, or out of any with `None`. Moving keeps the chats'
    /// order: it is not a use of them.
    pub fn move_conversations(&self, ids: &[i64], folder: Option<i64>) -> AppResult<()> {
        let conn = self.conn();
        if let Some(folder) = folder {
            require_folder(&conn, folder)?;
        }
        let sql = format!(
            "UPDATE conversations SET folder_id = ? WHERE id IN ({})",
            placeholders(ids.len())
        );
        let args = std::iter::once(folder).chain(ids.iter().map(|id| Some(*id)));
        conn.execute(&sql, params_from_iter(args))?;
        Ok(())
    }

    pub fn set_pinned(&self, ids: &[i64], pinned: bool) -> AppResult<()> {
        let sql = format!(
            "UPDATE conversations SET pinned = ? WHERE id IN ({})",
            placeholders(ids.len())
        );
        let args = std::iter::once(i64::from(pinned)).chain(ids.iter().copied());
        self.conn().execute(&sql, params_from_iter(args))?;
        Ok(())
    }

    /// Several chats at once, all or none.
    pub fn delete_conversations(&self, ids: &[i64]) -> AppResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for chunk in ids.chunks(500) {
            tx.execute(
                &format!(
                    "DELETE FROM conversations WHERE id IN ({})",
                    placeholders(chunk.len())
                ),
                params_from_iter(chunk),
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_deleted_folder_gives_its_chats_back_to_the_list() {
        let (_dir, store) = store();
        let folder = store.create_folder("  Work   notes ").unwrap();
        assert_eq!(folder.name, "Work notes");
        let a = store.create_conversation("m").unwrap().id;
        let b = store.create_conversation("m").unwrap().id;
        store.move_conversations(&[a, b], Some(folder.id)).unwrap();
        store.set_pinned(&[b], true).unwrap();
        assert_eq!(store.folder(folder.id).unwrap().chat_count, 1);
        assert_eq!(store.folder_chat_ids(folder.id).unwrap().len(), 2);
        store.delete_folder(folder.id).unwrap();
        assert_eq!(store.conversation(a).unwrap().folder_id, None);
        assert!(store.conversation(b).unwrap().pinned);
    }

    #[test]
    fn bad_names_and_missing_folders_are_refused() {
        let (_dir, store) = store();
        assert!(store.create_folder("   ").is_err());
        let a = store.create_conversation("m").unwrap().id;
        let err = store.move_conversations(&[a], Some(99)).unwrap_err();
        assert_eq!(err.code, crate::error::ErrorCode::NotFound);
        assert!(store.rename_folder(99, "x").is_err());
        assert!(store.delete_folder(99).is_err());
    }

    #[test]
    fn several_chats_are_deleted_together() {
        let (_dir, store) = store();
        let ids: Vec<i64> = (0..3)
            .map(|_| store.create_conversation("m").unwrap().id)
            .collect();
        store.delete_conversations(&ids[..2]).unwrap();
        assert_eq!(store.list_conversations().unwrap().len(), 1);
    }
}
