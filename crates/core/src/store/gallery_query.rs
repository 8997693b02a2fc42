//! Finding images in the gallery: newest first, filtered by words of the
//! prompt (or tags), model, tag, favourites and a time range; the models
//! and tags there are to filter by; an image's lineage; its tags.

use super::gallery::{from_row, tags_column, COLUMNS};
use super::Store;
use crate::error::{AppError, AppResult};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Deserialize, specta::Type)]
pub struct GalleryFilter {
    /// Words of the prompt, revised prompt or tags.
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub model: Option<String>,
    /// `openai` (the image endpoints and chat), `midjourney`, `replicate`.
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub tag: Option<String>,
    /// Images, videos or songs only.
    #[serde(default)]
    pub kind: Option<crate::media_files::MediaKind>,
    #[serde(default)]
    pub favourites: bool,
    /// Made at or after this time (ms since the epoch).
    #[serde(default)]
    pub since_ms: Option<i64>,
    /// Made before this time.
    #[serde(default)]
    pub until_ms: Option<i64>,
}

/// What the filter menus offer: every model and tag in the gallery.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct GalleryFacets {
    pub models: Vec<String>,
    /// The families present (`openai`, `midjourney`, `replicate`).
    pub families: Vec<String>,
    /// The kinds present (images, videos, songs), for the kind filter.
    pub kinds: Vec<crate::media_files::MediaKind>,
    pub tags: Vec<String>,
    pub total: u32,
}

/// The images an image came from and those made from it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct Lineage {
    /// Every generation before it, oldest first (grid → upscale → vary → …),
    /// the parent last.
    pub ancestors: Vec<super::GalleryImage>,
    pub parent: Option<super::GalleryImage>,
    pub children: Vec<super::GalleryImage>,
}

/// A tag as kept: trimmed, without the commas that separate tags.
pub fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag: String = tag
            .replace(',', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let tag: String = tag.chars().take(40).collect();
        if !tag.is_empty() && !out.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            out.push(tag);
        }
    }
    out.truncate(20);
    out
}

impl Store {
    /// Newest first, `limit` at a time; `before` (an id) pages back.
    pub fn list_images(
        &self,
        filter: &GalleryFilter,
        before: Option<i64>,
        limit: u32,
    ) -> AppResult<Vec<super::GalleryImage>> {
        let mut clauses = vec!["id < ?".to_owned()];
        let mut values = vec![Value::Integer(before.unwrap_or(i64::MAX))];
        let query = filter.query.trim();
        if query.chars().count() >= 3 {
            // Trigram FTS: any 3+ characters of the prompt, revised prompt, tags,
            // a song's title or lyrics.
            clauses.push("id IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)".into());
            values.push(Value::Text(format!("\"{}\"", query.replace('"', "\"\""))));
        } else if !query.is_empty() {
            clauses.push("(prompt LIKE ? OR tags LIKE ? OR title LIKE ?)".into());
            let like = format!("%{}%", query.replace(['%', '_'], ""));
            values.push(Value::Text(like.clone()));
            values.push(Value::Text(like.clone()));
            values.push(Value::Text(like));
        }
        if let Some(model) = filter.model.as_deref().filter(|m| !m.is_empty()) {
            clauses.push("model = ?".into());
            values.push(Value::Text(model.to_owned()));
        }
        match filter.family.as_deref() {
            Some("openai") => clauses.push("family IS NULL".into()),
            Some(family) if !family.is_empty() => {
                clauses.push("family = ?".into());
                values.push(Value::Text(family.to_owned()));
            }
            _ => {}
        }
        if let Some(kind) = filter.kind {
            clauses.push("kind = ?".into());
            values.push(Value::Text(kind.as_str().to_owned()));
        }
        if let Some(tag) = filter.tag.as_deref().filter(|t| !t.is_empty()) {
            clauses.push("tags LIKE ?".into());
            values.push(Value::Text(format!("%,{},%", tag.replace(['%', '_'], ""))));
        }
        if filter.favourites {
            clauses.push("favourite = 1".into());
        }
        if let Some(since) = filter.since_ms {
            clauses.push("created_at >= ?".into());
            values.push(Value::Integer(since));
        }
        if let Some(until) = filter.until_ms {
            clauses.push("created_at < ?".into());
            values.push(Value::Integer(until));
        }
        values.push(Value::Integer(i64::from(limit)));
        let sql = format!(
            "SELECT {COLUMNS} FROM images WHERE {} ORDER BY id DESC LIMIT ?",
            clauses.join(" AND ")
        );
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn gallery_facets(&self) -> AppResult<GalleryFacets> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT DISTINCT model FROM images ORDER BY model")?;
        let models = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        let mut stmt = conn.prepare_cached("SELECT DISTINCT tags FROM images WHERE tags != ''")?;
        let mut tags: Vec<String> = Vec::new();
        for column in stmt.query_map([], |r| r.get::<_, String>(0))? {
            for tag in column?.split(',').filter(|t| !t.is_empty()) {
                if !tags.iter().any(|t| t == tag) {
                    tags.push(tag.to_owned());
                }
            }
        }
        tags.sort_by_key(|t| t.to_lowercase());
        let mut stmt = conn
            .prepare_cached("SELECT DISTINCT coalesce(family, 'openai') FROM images ORDER BY 1")?;
        let families = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        let mut stmt = conn.prepare_cached("SELECT DISTINCT kind FROM images ORDER BY 1")?;
        let kinds = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|k| k.map(|k| crate::media_files::MediaKind::parse(&k)))
            .collect::<Result<Vec<_>, _>>()?;
        let total: u32 = conn.query_row("SELECT count(*) FROM images", [], |r| r.get(0))?;
        Ok(GalleryFacets {
            models,
            families,
            kinds,
            tags,
            total,
        })
    }

    pub fn image_lineage(&self, id: i64) -> AppResult<Lineage> {
        let image = self.image(id)?;
        let parent = match image.parent_id {
            Some(parent) => self.image(parent).ok(),
            None => None,
        };
        // Walked up one row at a time; a chain is a handful of generations
        // (the bound only guards against a loop in damaged data).
        let mut ancestors = Vec::new();
        let mut next = parent.as_ref().and_then(|p| p.parent_id);
        while let Some(id) = next.filter(|_| ancestors.len() < 50) {
            let Ok(older) = self.image(id) else { break };
            next = older.parent_id;
            ancestors.push(older);
        }
        ancestors.reverse();
        ancestors.extend(parent.clone());
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM images WHERE parent_id = ?1 ORDER BY id"
        ))?;
        let children = stmt.query_map([id], from_row)?.collect::<Result<_, _>>()?;
        Ok(Lineage {
            ancestors,
            parent,
            children,
        })
    }

    pub fn set_image_tags(&self, id: i64, tags: &[String]) -> AppResult<super::GalleryImage> {
        let changed = self.conn().execute(
            "UPDATE images SET tags = ?1 WHERE id = ?2",
            rusqlite::params![tags_column(&clean_tags(tags)), id],
        )?;
        if changed == 0 {
            return Err(AppError::not_found("The image"));
        }
        self.image(id)
    }

    /// The images made from `parent` in one way (`split`: a grid's quadrants).
    pub fn images_from(&self, parent: i64, source: &str) -> AppResult<Vec<super::GalleryImage>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM images WHERE parent_id = ?1 AND source = ?2 ORDER BY id"
        ))?;
        let rows = stmt.query_map(rusqlite::params![parent, source], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The images kept from a chat answer's links.
    pub fn images_of_message(&self, message_id: i64) -> AppResult<Vec<super::GalleryImage>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM images WHERE message_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([message_id], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
