//! Schema versions, kept in `PRAGMA user_version`. Before a database moves
//! to a newer version, a consistent copy is written next to it, so an
//! update that goes wrong never costs a user their history.

use crate::error::{AppError, AppResult};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Append only: never edit a migration that has shipped.
const MIGRATIONS: &[&str] = &[
    // v1: conversations, messages, the API call log, settings.
    r#"
    CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        model TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX conversations_by_update ON conversations(updated_at DESC);
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
        content TEXT NOT NULL,
        model TEXT,
        finish_reason TEXT,
        error_code TEXT,
        error_message TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
    CREATE TABLE api_calls (
        id INTEGER PRIMARY KEY,
        message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        model TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        status INTEGER,
        error_code TEXT,
        attempts INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL,
        first_token_ms INTEGER,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        total_tokens INTEGER,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX api_calls_by_time ON api_calls(created_at);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // v2: full-text search over messages. The trigram tokenizer finds any
    // substring of three or more characters, so Chinese and Japanese text,
    // which has no spaces between words, is searchable too.
    r#"
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content = 'messages', content_rowid = 'id', tokenize = 'trigram'
    );
    INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
    END;
    "#,
    // v3: answers and edits branch. Each message points at the one it
    // follows; a conversation shows the path from its current leaf to the
    // root, so a regenerated answer or an edited question keeps the old one
    // as a sibling. Existing chats become single chains. Per-conversation
    // settings (NULL = the defaults in Settings) come with it.
    r#"
    ALTER TABLE messages ADD COLUMN parent_id INTEGER;
    UPDATE messages SET parent_id = (
        SELECT max(p.id) FROM messages p
        WHERE p.conversation_id = messages.conversation_id AND p.id < messages.id
    );
    CREATE INDEX messages_by_parent ON messages(conversation_id, parent_id);
    ALTER TABLE conversations ADD COLUMN leaf_id INTEGER;
    UPDATE conversations SET leaf_id = (
        SELECT max(id) FROM messages WHERE conversation_id = conversations.id
    );
    ALTER TABLE conversations ADD COLUMN system_prompt TEXT;
    ALTER TABLE conversations ADD COLUMN temperature REAL;
    ALTER TABLE conversations ADD COLUMN max_tokens INTEGER;
    "#,
    // v4: what each call cost. The price is copied into the row when the
    // call is made, so a later price change never rewrites history;
    // `estimated` marks tokens counted by us because the server sent none.
    r#"
    ALTER TABLE api_calls ADD COLUMN kind TEXT NOT NULL DEFAULT 'chat';
    ALTER TABLE api_calls ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE api_calls ADD COLUMN price_input REAL;
    ALTER TABLE api_calls ADD COLUMN price_output REAL;
    ALTER TABLE api_calls ADD COLUMN price_request REAL;
    ALTER TABLE api_calls ADD COLUMN cost_usd REAL;
    ALTER TABLE api_calls ADD COLUMN conversation_id INTEGER;
    UPDATE api_calls SET conversation_id =
        (SELECT conversation_id FROM messages WHERE messages.id = api_calls.message_id);
    CREATE INDEX api_calls_by_message ON api_calls(message_id);
    "#,
    // v5: images attached to questions, as file names in the app's
    // attachments folder (never the bytes: the database stays small).
    r#"
    CREATE TABLE attachments (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        file TEXT NOT NULL,
        PRIMARY KEY (message_id, position)
    );
    "#,
    // v6: usage kept summed as calls are recorded, so the Usage view reads
    // a few hundred rows however many calls there were: per local day,
    // model and kind, and per conversation.
    r#"
    CREATE TABLE usage_daily (
        day TEXT NOT NULL,
        model TEXT NOT NULL,
        kind TEXT NOT NULL,
        calls INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        estimated INTEGER NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        latency_ms INTEGER NOT NULL,
        PRIMARY KEY (day, model, kind)
    ) WITHOUT ROWID;
    INSERT INTO usage_daily
        SELECT date(created_at / 1000, 'unixepoch', 'localtime'), model, kind, count(*),
               sum(error_code IS NOT NULL), sum(estimated), coalesce(sum(prompt_tokens), 0),
               coalesce(sum(completion_tokens), 0), coalesce(sum(cost_usd), 0), sum(latency_ms)
        FROM api_calls GROUP BY 1, 2, 3;
    CREATE TRIGGER api_calls_daily AFTER INSERT ON api_calls BEGIN
        INSERT OR IGNORE INTO usage_daily
            VALUES (date(new.created_at / 1000, 'unixepoch', 'localtime'), new.model, new.kind, 0, 0, 0, 0, 0, 0, 0);
        UPDATE usage_daily SET
            calls = calls + 1,
            errors = errors + (new.error_code IS NOT NULL),
            estimated = estimated + new.estimated,
            prompt_tokens = prompt_tokens + coalesce(new.prompt_tokens, 0),
            completion_tokens = completion_tokens + coalesce(new.completion_tokens, 0),
            cost_usd = cost_usd + coalesce(new.cost_usd, 0),
            latency_ms = latency_ms + new.latency_ms
        WHERE day = date(new.created_at / 1000, 'unixepoch', 'localtime')
          AND model = new.model AND kind = new.kind;
    END;
    ALTER TABLE conversations ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0;
    UPDATE conversations SET cost_usd =
        coalesce((SELECT sum(cost_usd) FROM api_calls WHERE conversation_id = conversations.id), 0);
    CREATE TRIGGER api_calls_conversation_cost AFTER INSERT ON api_calls
    WHEN new.conversation_id IS NOT NULL AND new.cost_usd IS NOT NULL BEGIN
        UPDATE conversations SET cost_usd = cost_usd + new.cost_usd WHERE id = new.conversation_id;
    END;
    CREATE INDEX conversations_by_cost ON conversations(cost_usd DESC);
    "#,
    // v7: the gallery. A generation is written before its request goes
    // out, so one in flight when the app dies is found at the next start
    // (and marked failed); each image it made is a file named by its hash.
    r#"
    CREATE TABLE generations (
        id INTEGER PRIMARY KEY,
        prompt TEXT NOT NULL,
        model TEXT NOT NULL,
        size TEXT,
        count INTEGER NOT NULL,
        source TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
        error_code TEXT,
        error_message TEXT,
        conversation_id INTEGER,
        message_id INTEGER,
        created_at INTEGER NOT NULL,
        finished_at INTEGER
    );
    CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        generation_id INTEGER REFERENCES generations(id) ON DELETE SET NULL,
        file TEXT NOT NULL,
        thumb TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        revised_prompt TEXT,
        model TEXT NOT NULL,
        size TEXT,
        cost_usd REAL,
        source TEXT NOT NULL,
        parent_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
        favourite INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL
    );
    CREATE INDEX images_by_time ON images(created_at DESC, id DESC);
    CREATE INDEX images_by_model ON images(model, created_at DESC);
    CREATE VIRTUAL TABLE images_fts USING fts5(
        prompt, revised_prompt, tags, content = 'images', content_rowid = 'id', tokenize = 'trigram'
    );
    CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
        INSERT INTO images_fts(rowid, prompt, revised_prompt, tags)
        VALUES (new.id, new.prompt, coalesce(new.revised_prompt, ''), new.tags);
    END;
    CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
        INSERT INTO images_fts(images_fts, rowid, prompt, revised_prompt, tags)
        VALUES ('delete', old.id, old.prompt, coalesce(old.revised_prompt, ''), old.tags);
    END;
    CREATE TRIGGER images_fts_update AFTER UPDATE OF prompt, revised_prompt, tags ON images BEGIN
        INSERT INTO images_fts(images_fts, rowid, prompt, revised_prompt, tags)
        VALUES ('delete', old.id, old.prompt, coalesce(old.revised_prompt, ''), old.tags);
        INSERT INTO images_fts(rowid, prompt, revised_prompt, tags)
        VALUES (new.id, new.prompt, coalesce(new.revised_prompt, ''), new.tags);
    END;
    "#,
    // v8: images made inside a chat remember their message and the link
    // they came from (the chat shows the kept copy instead); edits point
    // at their parent; tags are kept as `,a,b,` so one LIKE finds a tag.
    r#"
    ALTER TABLE images ADD COLUMN message_id INTEGER;
    ALTER TABLE images ADD COLUMN source_url TEXT;
    CREATE INDEX images_by_message ON images(message_id) WHERE message_id IS NOT NULL;
    CREATE INDEX images_by_parent ON images(parent_id) WHERE parent_id IS NOT NULL;
    CREATE INDEX images_favourite ON images(favourite, id DESC);
    "#,
    // v9: long-running tasks (Midjourney, Replicate/Flux and the families
    // after them). A task is written before its request goes out, so a
    // submit whose answer never came is known at the next start, and never
    // sent again on its own. Images remember the task and family they
    // came from.
    r#"
    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        family TEXT NOT NULL,
        model TEXT NOT NULL,
        operation TEXT NOT NULL,
        kind TEXT NOT NULL,
        prompt TEXT NOT NULL,
        speed TEXT,
        request TEXT NOT NULL,
        context TEXT NOT NULL DEFAULT '{}',
        submit_state TEXT NOT NULL CHECK (submit_state IN ('sending', 'accepted', 'refused', 'lost')),
        remote_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'needs_input', 'succeeded', 'failed', 'unknown')),
        progress INTEGER,
        raw_status TEXT,
        message TEXT,
        error_code TEXT,
        preview TEXT,
        outputs TEXT NOT NULL DEFAULT '[]',
        actions TEXT NOT NULL DEFAULT '[]',
        prompts TEXT NOT NULL DEFAULT '[]',
        parent_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
        parent_image_id INTEGER,
        cost_usd REAL,
        watching INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        finished_at INTEGER,
        next_poll_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        last_raw TEXT
    );
    CREATE INDEX tasks_to_poll ON tasks(next_poll_at)
        WHERE status IN ('queued', 'running', 'unknown') AND remote_id IS NOT NULL;
    CREATE INDEX tasks_by_time ON tasks(created_at DESC);
    ALTER TABLE images ADD COLUMN task_id INTEGER;
    ALTER TABLE images ADD COLUMN family TEXT;
    CREATE INDEX images_by_task ON images(task_id) WHERE task_id IS NOT NULL;
    CREATE INDEX images_by_family ON images(family, id DESC);
    "#,
    // v10: an answer's thinking, kept apart from its text (never sent
    // back, never searched), how long it thought, and the reasoning
    // tokens of its call; a chat's reasoning effort. Existing answers stay
    // as they are (no thinking).
    r#"
    ALTER TABLE messages ADD COLUMN thinking TEXT;
    ALTER TABLE messages ADD COLUMN thinking_ms INTEGER;
    ALTER TABLE api_calls ADD COLUMN reasoning_tokens INTEGER;
    ALTER TABLE conversations ADD COLUMN reasoning_effort TEXT;
    "#,
    // v11: Claude through `/v1/messages`: the signature Anthropic puts on
    // an answer's thinking (kept unchanged), the prompt-cache tokens of a
    // call (read and written, priced apart), and a chat's thinking budget.
    r#"
    ALTER TABLE messages ADD COLUMN thinking_signature TEXT;
    ALTER TABLE api_calls ADD COLUMN cache_read_tokens INTEGER;
    ALTER TABLE api_calls ADD COLUMN cache_write_tokens INTEGER;
    ALTER TABLE conversations ADD COLUMN thinking_budget INTEGER;
    "#,
    // v12: folders and pins. A chat is in at most one folder (none: the
    // sidebar's own list); deleting a folder keeps its chats unless asked
    // (SET NULL). The index serves each shelf of the sidebar newest first
    // without sorting 100,000 rows.
    r#"
    CREATE TABLE folders (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    ALTER TABLE conversations ADD COLUMN folder_id INTEGER REFERENCES folders(id) ON DELETE SET NULL;
    ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX conversations_by_shelf ON conversations(folder_id, pinned, updated_at DESC, id DESC);
    CREATE INDEX conversations_pinned ON conversations(updated_at DESC, id DESC) WHERE pinned = 1;
    "#,
    // v13: the prompt library. Settings' presets move in as system prompts
    // when the store opens (`prompts::adopt_presets`), not here: that reads
    // JSON the way the app does.
    r#"
    CREATE TABLE prompts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('message', 'system')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    "#,
    // v14: one library for images, videos and songs. A row says which it
    // is, how long it plays and, for songs, its title and lyrics; the
    // search index is rebuilt to find titles and lyrics too. A video's
    // `thumb` is its poster frame, a song's its cover (empty when none
    // came: the window draws one).
    r#"
    ALTER TABLE images ADD COLUMN kind TEXT NOT NULL DEFAULT 'image' CHECK (kind IN ('image', 'video', 'audio'));
    ALTER TABLE images ADD COLUMN duration_ms INTEGER;
    ALTER TABLE images ADD COLUMN title TEXT;
    ALTER TABLE images ADD COLUMN lyrics TEXT;
    CREATE INDEX images_by_kind ON images(kind, id DESC);
    DROP TRIGGER images_fts_insert;
    DROP TRIGGER images_fts_delete;
    DROP TRIGGER images_fts_update;
    DROP TABLE images_fts;
    CREATE VIRTUAL TABLE images_fts USING fts5(
        prompt, revised_prompt, tags, title, lyrics,
        content = 'images', content_rowid = 'id', tokenize = 'trigram'
    );
    CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
        INSERT INTO images_fts(rowid, prompt, revised_prompt, tags, title, lyrics)
        VALUES (new.id, new.prompt, coalesce(new.revised_prompt, ''), new.tags,
                coalesce(new.title, ''), coalesce(new.lyrics, ''));
    END;
    CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
        INSERT INTO images_fts(images_fts, rowid, prompt, revised_prompt, tags, title, lyrics)
        VALUES ('delete', old.id, old.prompt, coalesce(old.revised_prompt, ''), old.tags,
                coalesce(old.title, ''), coalesce(old.lyrics, ''));
    END;
    CREATE TRIGGER images_fts_update AFTER UPDATE OF prompt, revised_prompt, tags, title, lyrics ON images BEGIN
        INSERT INTO images_fts(images_fts, rowid, prompt, revised_prompt, tags, title, lyrics)
        VALUES ('delete', old.id, old.prompt, coalesce(old.revised_prompt, ''), old.tags,
                coalesce(old.title, ''), coalesce(old.lyrics, ''));
        INSERT INTO images_fts(rowid, prompt, revised_prompt, tags, title, lyrics)
        VALUES (new.id, new.prompt, coalesce(new.revised_prompt, ''), new.tags,
                coalesce(new.title, ''), coalesce(new.lyrics, ''));
    END;
    INSERT INTO images_fts(images_fts) VALUES ('rebuild');
    "#,
    // v15: documents given to a chat (#17): their text, read once and kept
    // by content and name (the same file attached twice is one row), and
    // which questions carry them. The file itself is never copied in.
    r#"
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        parts INTEGER NOT NULL,
        tokens INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (hash, name)
    );
    CREATE TABLE message_documents (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        PRIMARY KEY (message_id, position)
    );
    CREATE INDEX message_documents_by_document ON message_documents(document_id);
    "#,
    // v16: documents too large to send whole are cut into passages (byte
    // ranges of their text), and each passage's vector is kept by the hash
    // of its text and the embedding model: the same words are embedded once
    // per model, however many documents hold them. An answer keeps the
    // passages it was given (JSON), so its sources open as they were sent.
    r#"
    ALTER TABLE messages ADD COLUMN sources TEXT;
    CREATE TABLE document_chunks (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        start_byte INTEGER NOT NULL,
        end_byte INTEGER NOT NULL,
        part TEXT,
        hash TEXT NOT NULL,
        PRIMARY KEY (document_id, seq)
    );
    CREATE INDEX document_chunks_by_hash ON document_chunks(hash);
    CREATE TABLE chunk_vectors (
        hash TEXT NOT NULL,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (hash, model)
    );
    "#,
    // v17: collections, named sets of documents a chat searches (#17).
    // Each file is kept by its path, size and modification time, so reading
    // the folder again re-reads only what changed; a file that could not be
    // read keeps its reason instead of a document. A chat uses at most one
    // collection; deleting either forgets the link.
    r#"
    CREATE TABLE collections (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        folder TEXT,
        embedding_model TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE collection_files (
        id INTEGER PRIMARY KEY,
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        modified_ms INTEGER NOT NULL,
        document_id INTEGER REFERENCES documents(id),
        problem TEXT,
        UNIQUE (collection_id, path)
    );
    CREATE INDEX collection_files_by_document ON collection_files(document_id);
    CREATE TABLE conversation_collections (
        conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE
    );
    "#,
];

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> AppResult<()> {
    migrate_with(conn, path, MIGRATIONS)
}

fn migrate_with(conn: &mut Connection, path: &Path, migrations: &[&str]) -> AppResult<()> {
    let latest = migrations.len() as i64;
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > latest {
        return Err(AppError::storage(format!(
            "the database was written by a newer Comet Desk (schema {current}, this one knows {latest})"
        )));
    }
    for version in current..latest {
        // A new, empty database has nothing to lose: no copies of it.
        if current > 0 {
            backup(conn, &backup_path(path, version))?;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(migrations[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// `comet-desk.sqlite3` at version 3 is copied to `comet-desk.sqlite3.v3.bak`.
pub fn backup_path(db: &Path, version: i64) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".v{version}.bak"));
    db.with_file_name(name)
}

fn backup(conn: &Connection, target: &Path) -> AppResult<()> {
    if target.exists() {
        std::fs::remove_file(target).map_err(AppError::storage)?;
    }
    // VACUUM INTO writes a consistent copy, WAL contents included.
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A migration is one transaction: one that fails (or a process killed
    /// half-way, which SQLite's journal rolls back the same way) leaves the
    /// database at its old version, and the copy taken before it restores it.
    #[test]
    fn a_migration_that_fails_half_way_changes_nothing_and_the_copy_restores() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, &path, &MIGRATIONS[..1]).unwrap();
        conn.execute("INSERT INTO settings(key, value) VALUES ('k', 'v1')", [])
            .unwrap();
        let broken =
            "ALTER TABLE settings ADD COLUMN note TEXT; INSERT INTO no_such_table VALUES (1);";
        assert!(migrate_with(&mut conn, &path, &[MIGRATIONS[0], broken]).is_err());
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1, "still the old schema");
        assert!(
            conn.prepare("SELECT note FROM settings").is_err(),
            "the half-done step was rolled back"
        );
        drop(conn);

        // The copy taken before the step is a whole database of its own.
        std::fs::copy(backup_path(&path, 1), &path).unwrap();
        let restored = Connection::open(&path).unwrap();
        let ok: String = restored
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        let value: String = restored
            .query_row("SELECT value FROM settings WHERE key = 'k'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!((ok.as_str(), value.as_str()), ("ok", "v1"));
    }

    #[test]
    fn a_copy_is_kept_before_each_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, &path, &MIGRATIONS[..1]).unwrap();
        conn.execute("INSERT INTO settings(key, value) VALUES ('k', 'v1')", [])
            .unwrap();
        let v2 = "ALTER TABLE settings ADD COLUMN note TEXT";
        migrate_with(&mut conn, &path, &[MIGRATIONS[0], v2]).unwrap();

        let copy = Connection::open(backup_path(&path, 1)).unwrap();
        let version: i64 = copy
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        let value: String = copy
            .query_row("SELECT value FROM settings", [], |r| r.get(0))
            .unwrap();
        assert_eq!((version, value.as_str()), (1, "v1"));
        let now: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(now, 2);
    }

    #[test]
    fn messages_written_before_search_existed_are_indexed_on_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, &path, &MIGRATIONS[..1]).unwrap();
        conn.execute_batch(
            "INSERT INTO conversations VALUES (1, 'old', 'm', 0, 0);
             INSERT INTO messages(conversation_id, role, content, created_at, updated_at)
             VALUES (1, 'user', 'an old question about volcanoes', 0, 0);",
        )
        .unwrap();
        migrate(&mut conn, &path).unwrap();
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'volcano'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 1);
    }

    #[test]
    fn old_chats_become_chains_with_their_last_message_as_leaf() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, &path, &MIGRATIONS[..2]).unwrap();
        conn.execute_batch(
            "INSERT INTO conversations VALUES (1, 'a', 'm', 0, 0), (2, 'b', 'm', 0, 0);
             INSERT INTO messages(id, conversation_id, role, content, created_at, updated_at) VALUES
               (1, 1, 'user', 'q1', 0, 0), (2, 2, 'user', 'other', 0, 0),
               (3, 1, 'assistant', 'a1', 0, 0), (4, 1, 'user', 'q2', 0, 0);",
        )
        .unwrap();
        migrate(&mut conn, &path).unwrap();
        let parents: Vec<(i64, Option<i64>)> = conn
            .prepare("SELECT id, parent_id FROM messages ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(parents, [(1, None), (2, None), (3, Some(1)), (4, Some(3))]);
        let leaves: Vec<Option<i64>> = conn
            .prepare("SELECT leaf_id FROM conversations ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(leaves, [Some(4), Some(2)]);
    }

    #[test]
    fn a_newer_schema_is_refused_not_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        assert!(migrate(&mut conn, &path).is_err());
    }
}
