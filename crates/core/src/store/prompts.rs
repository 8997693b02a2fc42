//! The prompt library: prompts the user saved, each either a message to
//! insert (with `{{variables}}` filled in a form) or a system prompt for a
//! chat (what Settings called presets). The built-in message prompts live
//! in the UI, in each language; only the user's own are stored.

use super::{now_ms, Store};
use crate::error::{AppError, AppResult};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PromptKind {
    /// Inserted into the composer.
    Message,
    /// Becomes the chat's system prompt.
    System,
}

impl PromptKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Message => "message",
            Self::System => "system",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Prompt {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub kind: PromptKind,
    pub updated_at: i64,
}

/// A prompt as the user writes it; no `id` makes a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct PromptDraft {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    pub body: String,
    pub kind: PromptKind,
}

/// Long enough for any prompt people write; a pasted book is a mistake.
const MAX_BODY: usize = 100_000;

impl PromptDraft {
    fn validated(self) -> AppResult<Self> {
        let name: String = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(AppError::invalid_input("A prompt needs a name."));
        }
        if self.body.trim().is_empty() {
            return Err(AppError::invalid_input("A prompt cannot be empty."));
        }
        if self.body.len() > MAX_BODY {
            return Err(AppError::invalid_input(
                "This prompt is too long (100,000 characters at most).",
            ));
        }
        Ok(Self {
            name: name.chars().take(80).collect(),
            ..self
        })
    }
}

/// The system prompts a new user starts with (Settings' presets before the
/// library existed); they are theirs to edit or delete.
const STARTING_SYSTEM_PROMPTS: [(&str, &str); 4] = [
    ("Concise", "Answer briefly and directly. Use lists only when they help."),
    (
        "Translator",
        "Translate what I write into English, or into Chinese if it is already English. Give only the translation.",
    ),
    (
        "Code reviewer",
        "You are a careful senior engineer. Review the code I paste: point out bugs first, then risks, then style, with short fixes.",
    ),
    (
        "Writing editor",
        "Improve the clarity and flow of the text I give you, keeping my voice and meaning. Show the edited text, then a short list of the main changes.",
    ),
];

const COLUMNS: &str = "id, name, body, kind, updated_at";

/// Set once the presets were taken into the library, so it happens once.
const ADOPTED: &str = "prompt_presets_adopted";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Prompt> {
    let kind: String = row.get(3)?;
    Ok(Prompt {
        id: row.get(0)?,
        name: row.get(1)?,
        body: row.get(2)?,
        kind: if kind == "system" {
            PromptKind::System
        } else {
            PromptKind::Message
        },
        updated_at: row.get(4)?,
    })
}

fn insert(conn: &Connection, draft: &PromptDraft) -> AppResult<i64> {
    let now = now_ms();
    conn.execute(
        "INSERT INTO prompts(name, body, kind, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![draft.name, draft.body, draft.kind.as_str(), now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Settings' presets (or the starting ones, for a new user) become system
/// prompts of the library, once; Settings stops carrying them.
pub(super) fn adopt_presets(conn: &mut Connection) -> AppResult<()> {
    let tx = conn.transaction()?;
    let done: Option<String> = tx
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [ADOPTED],
            |r| r.get(0),
        )
        .optional()?;
    if done.is_some() {
        return Ok(());
    }
    let settings: Option<String> = tx
        .query_row(
            "SELECT value FROM settings WHERE key = 'settings'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let saved = settings
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .and_then(|s| s.get("prompt_presets").cloned());
    let presets: Vec<(String, String)> = match saved {
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .filter_map(|p| {
                Some((
                    p["name"].as_str()?.to_owned(),
                    p["prompt"].as_str()?.to_owned(),
                ))
            })
            .collect(),
        _ => STARTING_SYSTEM_PROMPTS
            .iter()
            .map(|(n, b)| ((*n).to_owned(), (*b).to_owned()))
            .collect(),
    };
    for (name, body) in presets {
        let draft = PromptDraft {
            id: None,
            name,
            body,
            kind: PromptKind::System,
        };
        // A preset with no name or text was never usable: left out.
        if let Ok(draft) = draft.validated() {
            insert(&tx, &draft)?;
        }
    }
    tx.execute(
        "INSERT INTO settings(key, value) VALUES (?1, 'true')",
        [ADOPTED],
    )?;
    tx.commit()?;
    Ok(())
}

impl Store {
    /// By name within each kind.
    pub fn prompts(&self) -> AppResult<Vec<Prompt>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM prompts ORDER BY kind, name COLLATE NOCASE, id"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn save_prompt(&self, draft: PromptDraft) -> AppResult<Prompt> {
        let draft = draft.validated()?;
        let conn = self.conn();
        let id = match draft.id {
            None => insert(&conn, &draft)?,
            Some(id) => {
                let changed = conn.execute(
                    "UPDATE prompts SET name = ?1, body = ?2, kind = ?3, updated_at = ?4 WHERE id = ?5",
                    params![draft.name, draft.body, draft.kind.as_str(), now_ms(), id],
                )?;
                if changed == 0 {
                    return Err(AppError::not_found("The prompt"));
                }
                id
            }
        };
        Ok(conn.query_row(
            &format!("SELECT {COLUMNS} FROM prompts WHERE id = ?1"),
            [id],
            from_row,
        )?)
    }

    pub fn delete_prompt(&self, id: i64) -> AppResult<()> {
        let changed = self
            .conn()
            .execute("DELETE FROM prompts WHERE id = ?1", [id])?;
        if changed == 0 {
            return Err(AppError::not_found("The prompt"));
        }
        Ok(())
    }

    /// All or none: a file with one bad prompt adds nothing.
    pub fn add_prompts(&self, drafts: Vec<PromptDraft>) -> AppResult<u32> {
        let drafts = drafts
            .into_iter()
            .map(|d| PromptDraft { id: None, ..d }.validated())
            .collect::<AppResult<Vec<_>>>()?;
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for draft in &drafts {
            insert(&tx, draft)?;
        }
        tx.commit()?;
        Ok(drafts.len() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `settings`: a database from before the library, holding these
    /// settings, opened by this version.
    fn store_with_settings(settings: Option<&str>) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let store = Store::open(&path).unwrap();
        if let Some(settings) = settings {
            drop(store);
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("DELETE FROM prompts; DELETE FROM settings;")
                .unwrap();
            conn.execute("INSERT INTO settings VALUES ('settings', ?1)", [settings])
                .unwrap();
            drop(conn);
            return (dir, Store::open(&path).unwrap());
        }
        (dir, store)
    }

    #[test]
    fn a_new_user_starts_with_the_system_prompts_once() {
        let (dir, store) = store_with_settings(None);
        let names: Vec<String> = store
            .prompts()
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(
            names,
            ["Code reviewer", "Concise", "Translator", "Writing editor"]
        );
        drop(store);
        let again = Store::open(&dir.path().join("db.sqlite3")).unwrap();
        assert_eq!(again.prompts().unwrap().len(), 4);
    }

    #[test]
    fn the_users_presets_become_system_prompts() {
        let settings = r#"{"prompt_presets": [{"name": "Pirate", "prompt": "Talk like a pirate."}, {"name": " ", "prompt": "x"}]}"#;
        let (_dir, store) = store_with_settings(Some(settings));
        let prompts = store.prompts().unwrap();
        assert_eq!(prompts.len(), 1);
        assert_eq!(
            (prompts[0].name.as_str(), prompts[0].kind),
            ("Pirate", PromptKind::System)
        );
    }

    #[test]
    fn saving_checks_and_updates_in_place() {
        let (_dir, store) = store_with_settings(Some(r#"{"prompt_presets": []}"#));
        let draft = |id, name: &str, body: &str| PromptDraft {
            id,
            name: name.into(),
            body: body.into(),
            kind: PromptKind::Message,
        };
        assert!(store.save_prompt(draft(None, "  ", "text")).is_err());
        assert!(store.save_prompt(draft(None, "Empty", "  ")).is_err());
        let saved = store
            .save_prompt(draft(None, "Shorten", "Shorten {{text}}"))
            .unwrap();
        let edited = store
            .save_prompt(draft(Some(saved.id), "Shorten", "Make {{text}} shorter"))
            .unwrap();
        assert_eq!(edited.id, saved.id);
        assert_eq!(store.prompts().unwrap().len(), 1);
        assert!(store.save_prompt(draft(Some(999), "Gone", "x")).is_err());
        assert_eq!(
            store
                .add_prompts(vec![draft(None, "A", "a"), draft(None, "", "b")])
                .ok(),
            None
        );
        assert_eq!(store.prompts().unwrap().len(), 1);
        store.delete_prompt(saved.id).unwrap();
        assert!(store.delete_prompt(saved.id).is_err());
    }
}
