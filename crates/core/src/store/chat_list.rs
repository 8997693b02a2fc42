//! The sidebar's chats a page at a time, shelf by shelf (pinned, each
//! folder, the rest): with 100,000 chats the sidebar shows the first page
//! of each shelf it has open, never the whole list.

use super::conversations::{from_row, COLUMNS};
use super::folders::Folder;
use super::{Conversation, Store};
use crate::error::AppResult;
use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};

/// One list of the sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "folder_id", rename_all = "snake_case")]
pub enum Shelf {
    Pinned,
    /// The chats in no folder.
    Unfiled,
    Folder(i64),
}

/// Where the last page ended: the page after it starts below this chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
pub struct ChatCursor {
    pub updated_at: i64,
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ChatPage {
    pub chats: Vec<Conversation>,
    pub has_more: bool,
}

/// What the sidebar shows when it opens.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Sidebar {
    pub folders: Vec<Folder>,
    pub pinned: ChatPage,
    pub unfiled: ChatPage,
}

/// Enough to fill a tall window twice; the rest comes on "Show more".
pub const SHELF_PAGE: u32 = 100;

impl Store {
    /// Newest first, `limit` chats after `after`.
    pub fn chat_page(
        &self,
        shelf: Shelf,
        after: Option<ChatCursor>,
        limit: u32,
    ) -> AppResult<ChatPage> {
        let (filter, folder) = match shelf {
            Shelf::Pinned => ("pinned = 1", None),
            Shelf::Unfiled => ("folder_id IS NULL AND pinned = 0", None),
            Shelf::Folder(id) => ("folder_id = ?4 AND pinned = 0", Some(id)),
        };
        let after = after.unwrap_or(ChatCursor {
            updated_at: i64::MAX,
            id: i64::MAX,
        });
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM conversations
             WHERE {filter} AND (updated_at < ?1 OR (updated_at = ?1 AND id < ?2))
             ORDER BY updated_at DESC, id DESC LIMIT ?3"
        ))?;
        let mut args = vec![after.updated_at, after.id, i64::from(limit) + 1];
        args.extend(folder);
        let rows = stmt.query_map(params_from_iter(args), from_row)?;
        let mut chats: Vec<Conversation> = rows.collect::<Result<_, _>>()?;
        let has_more = chats.len() > limit as usize;
        chats.truncate(limit as usize);
        Ok(ChatPage { chats, has_more })
    }

    pub fn sidebar(&self) -> AppResult<Sidebar> {
        Ok(Sidebar {
            folders: self.folders()?,
            pinned: self.chat_page(Shelf::Pinned, None, SHELF_PAGE)?,
            unfiled: self.chat_page(Shelf::Unfiled, None, SHELF_PAGE)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shelf_pages_newest_first_without_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
        let folder = store.create_folder("Trips").unwrap().id;
        // Created within one millisecond: the id breaks the tie.
        let ids: Vec<i64> = (0..7)
            .map(|_| store.create_conversation("m").unwrap().id)
            .collect();
        store.move_conversations(&ids[..3], Some(folder)).unwrap();
        store.set_pinned(&[ids[0], ids[6]], true).unwrap();

        let sidebar = store.sidebar().unwrap();
        let of = |page: &ChatPage| page.chats.iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(of(&sidebar.pinned), [ids[6], ids[0]]);
        assert_eq!(of(&sidebar.unfiled), [ids[5], ids[4], ids[3]]);
        assert_eq!(sidebar.folders[0].chat_count, 2);

        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store.chat_page(Shelf::Folder(folder), after, 1).unwrap();
            seen.extend(of(&page));
            let last = page.chats.last().unwrap();
            after = Some(ChatCursor {
                updated_at: last.updated_at,
                id: last.id,
            });
            if !page.has_more {
                break;
            }
        }
        assert_eq!(seen, [ids[2], ids[1]]);
    }
}
