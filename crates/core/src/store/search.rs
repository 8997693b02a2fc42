//! Full-text search over every message and conversation title (FTS5 with
//! the trigram tokenizer; shorter queries fall back to a plain scan).

use super::messages::Role;
use super::Store;
use crate::error::AppResult;
use rusqlite::{params, Connection};
use serde::Serialize;

/// A piece of a snippet; `hit` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SearchHit {
    pub conversation_id: i64,
    pub conversation_title: String,
    /// `None` when the title matched rather than a message.
    pub message_id: Option<i64>,
    pub role: Option<Role>,
    pub snippet: Vec<SnippetPart>,
}

const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';
/// Trigram search needs three characters in every term.
const MIN_TERM_CHARS: usize = 3;

impl Store {
    /// Titles first, then messages, newest first: in a chat history the
    /// recent match is usually the one wanted, and FTS5 walks its index in
    /// rowid order, so this stays fast on large histories (unlike bm25 rank).
    pub fn search(&self, query: &str, limit: u32) -> AppResult<Vec<SearchHit>> {
        self.search_in(query, None, limit)
    }

    /// Only the chats of `folder`, when one is given.
    pub fn search_in(
        &self,
        query: &str,
        folder: Option<i64>,
        limit: u32,
    ) -> AppResult<Vec<SearchHit>> {
        let terms: Vec<&str> = query.split_whitespace().collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let conn = self.conn();
        let mut hits = title_hits(&conn, &terms, folder, limit)?;
        let remaining = limit.saturating_sub(hits.len() as u32);
        if terms.iter().all(|t| t.chars().count() >= MIN_TERM_CHARS) {
            hits.extend(fts_hits(&conn, &terms, folder, remaining)?);
        } else {
            hits.extend(scan_hits(&conn, &terms, folder, remaining)?);
        }
        Ok(hits)
    }
}

fn like_pattern(term: &str) -> String {
    let escaped = term
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Each term quoted, so user input is never read as FTS5 query syntax.
fn fts_query(terms: &[&str]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn role_of(text: &str) -> Role {
    match text {
        "user" => Role::User,
        "system" => Role::System,
        _ => Role::Assistant,
    }
}

fn fts_hits(
    conn: &Connection,
    terms: &[&str],
    folder: Option<i64>,
    limit: u32,
) -> AppResult<Vec<SearchHit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.conversation_id, c.title, m.role,
                snippet(messages_fts, 0, char(2), char(3), '…', 64)
         FROM messages_fts
         JOIN messages m ON m.id = messages_fts.rowid
         JOIN conversations c ON c.id = m.conversation_id
         WHERE messages_fts MATCH ?1 AND (?3 IS NULL OR c.folder_id = ?3)
         ORDER BY messages_fts.rowid DESC
         LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![fts_query(terms), limit, folder], |row| {
        let role: String = row.get(3)?;
        let snippet: String = row.get(4)?;
        Ok(SearchHit {
            message_id: Some(row.get(0)?),
            conversation_id: row.get(1)?,
            conversation_title: row.get(2)?,
            role: Some(role_of(&role)),
            snippet: split_marked(&snippet),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn scan_hits(
    conn: &Connection,
    terms: &[&str],
    folder: Option<i64>,
    limit: u32,
) -> AppResult<Vec<SearchHit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.conversation_id, c.title, m.role, m.content
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.content LIKE ?1 ESCAPE '\\' AND (?3 IS NULL OR c.folder_id = ?3)
         ORDER BY m.id DESC
         LIMIT ?2",
    )?;
    let first = terms[0];
    let rows = stmt.query_map(params![like_pattern(first), limit * 4, folder], |row| {
        let role: String = row.get(3)?;
        let content: String = row.get(4)?;
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, role, content))
    })?;
    let mut hits = Vec::new();
    for row in rows {
        let (id, conversation_id, title, role, content): (i64, i64, String, String, String) = row?;
        let lower = content.to_lowercase();
        if terms.iter().all(|t| lower.contains(&t.to_lowercase())) && hits.len() < limit as usize {
            hits.push(SearchHit {
                message_id: Some(id),
                conversation_id,
                conversation_title: title,
                role: Some(role_of(&role)),
                snippet: excerpt(&content, first),
            });
        }
    }
    Ok(hits)
}

fn title_hits(
    conn: &Connection,
    terms: &[&str],
    folder: Option<i64>,
    limit: u32,
) -> AppResult<Vec<SearchHit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title FROM conversations
         WHERE title LIKE ?1 ESCAPE '\\' AND (?3 IS NULL OR folder_id = ?3)
         ORDER BY updated_at DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![like_pattern(terms[0]), limit, folder], |row| {
        Ok((row.get(0)?, row.get(1)?))
    })?;
    let mut hits = Vec::new();
    for row in rows {
        let (id, title): (i64, String) = row?;
        let lower = title.to_lowercase();
        if terms.iter().all(|t| lower.contains(&t.to_lowercase())) {
            hits.push(SearchHit {
                conversation_id: id,
                snippet: excerpt(&title, terms[0]),
                conversation_title: title,
                message_id: None,
                role: None,
            });
        }
    }
    Ok(hits)
}

/// Splits FTS5's snippet, whose hits sit between \u{2} and \u{3}.
fn split_marked(snippet: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut hit = false;
    for ch in snippet.chars() {
        if ch == OPEN || ch == CLOSE {
            if !current.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut current),
                    hit,
                });
            }
            hit = ch == OPEN;
        } else {
            current.push(ch);
        }
    }
    if !current.is_empty() {
        parts.push(SnippetPart { text: current, hit });
    }
    parts
}

/// About 40 characters either side of the first case-insensitive match.
fn excerpt(text: &str, term: &str) -> Vec<SnippetPart> {
    let chars: Vec<char> = text.chars().collect();
    let needle: Vec<char> = term.to_lowercase().chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let at = lower
        .windows(needle.len().max(1))
        .position(|w| w == needle.as_slice())
        .unwrap_or(0);
    let end = (at + needle.len()).min(chars.len());
    let from = at.saturating_sub(40);
    let to = (end + 40).min(chars.len());
    let mut parts = Vec::new();
    let before: String = chars[from..at].iter().collect();
    let prefix = if from > 0 { "…" } else { "" };
    parts.push(SnippetPart {
        text: format!("{prefix}{before}"),
        hit: false,
    });
    parts.push(SnippetPart {
        text: chars[at..end].iter().collect(),
        hit: true,
    });
    let suffix = if to < chars.len() { "…" } else { "" };
    parts.push(SnippetPart {
        text: format!("{}{suffix}", chars[end..to].iter().collect::<String>()),
        hit: false,
    });
    parts.retain(|p| !p.text.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_markers_become_parts() {
        let parts = split_marked("…say \u{2}hello\u{3} to all");
        assert_eq!(parts.len(), 3);
        assert!(parts[1].hit && parts[1].text == "hello");
    }

    #[test]
    fn queries_are_quoted_not_parsed() {
        assert_eq!(fts_query(&["a\"b", "OR"]), "\"a\"\"b\" \"OR\"");
    }

    #[test]
    fn excerpts_mark_the_match() {
        let parts = excerpt("Where is the Eiffel tower?", "eiffel");
        assert_eq!(
            parts.iter().find(|p| p.hit).map(|p| p.text.as_str()),
            Some("Eiffel")
        );
    }
}
