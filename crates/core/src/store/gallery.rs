//! The gallery's rows: generations (written before the request goes out)
//! and the images they made, newest first, searchable by prompt.

use super::{now_ms, Store};
use crate::error::{AppError, AppResult};
use crate::media_files::MediaKind;
use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct GalleryImage {
    pub id: i64,
    pub generation_id: Option<i64>,
    /// `<sha256>.<png|jpg>` in the gallery folder (served as comet-image).
    pub file: String,
    /// The 384 px JPEG beside it.
    pub thumb: String,
    pub width: u32,
    pub height: u32,
    pub prompt: String,
    pub revised_prompt: Option<String>,
    pub model: String,
    pub size: Option<String>,
    pub cost_usd: Option<f64>,
    /// `studio` or `chat`.
    pub source: String,
    pub parent_id: Option<i64>,
    pub favourite: bool,
    pub created_at: i64,
    /// The user's own words for it, in the order given.
    pub tags: Vec<String>,
    /// The chat answer it was made in, for `chat` images.
    pub message_id: Option<i64>,
    /// The link it was fetched from (long expired, most likely): a chat
    /// answer shows this file where its Markdown names that link.
    pub source_url: Option<String>,
    /// The task that made it (Midjourney, Flux), if one did.
    pub task_id: Option<i64>,
    /// `midjourney` or `replicate` for task results; none for the OpenAI
    /// image endpoints and chat.
    pub family: Option<String>,
    /// An image, a video (`file` is an MP4, `thumb` its poster) or a song
    /// (an MP3, `thumb` its cover; empty when none came).
    pub kind: MediaKind,
    /// How long a video or song plays.
    pub duration_ms: Option<u64>,
    /// A song's title.
    pub title: Option<String>,
    /// A song's lyrics.
    pub lyrics: Option<String>,
}

/// What an image is saved with.
#[derive(Debug, Clone, Default)]
pub struct NewImage {
    pub generation_id: Option<i64>,
    pub file: String,
    pub thumb: String,
    pub width: u32,
    pub height: u32,
    pub prompt: String,
    pub revised_prompt: Option<String>,
    pub model: String,
    pub size: Option<String>,
    pub cost_usd: Option<f64>,
    pub source: String,
    pub parent_id: Option<i64>,
    pub message_id: Option<i64>,
    pub source_url: Option<String>,
    pub task_id: Option<i64>,
    pub family: Option<String>,
    pub kind: MediaKind,
    pub duration_ms: Option<u64>,
    pub title: Option<String>,
    pub lyrics: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum GenerationStatus {
    Running,
    Done,
    Failed,
    Cancelled,
}

impl GenerationStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

pub(super) const COLUMNS: &str =
    "id, generation_id, file, thumb, width, height, prompt, revised_prompt, model, size, \
    cost_usd, source, parent_id, favourite, created_at, tags, message_id, source_url, task_id, family, \
    kind, duration_ms, title, lyrics";

/// `,a,b,` in the table (one LIKE finds a tag) and `[a, b]` outside it.
pub(super) fn tags_column(tags: &[String]) -> String {
    if tags.is_empty() {
        return String::new();
    }
    format!(",{},", tags.join(","))
}

fn tags_of(column: &str) -> Vec<String> {
    column
        .split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<GalleryImage> {
    Ok(GalleryImage {
        id: r.get(0)?,
        generation_id: r.get(1)?,
        file: r.get(2)?,
        thumb: r.get(3)?,
        width: r.get(4)?,
        height: r.get(5)?,
        prompt: r.get(6)?,
        revised_prompt: r.get(7)?,
        model: r.get(8)?,
        size: r.get(9)?,
        cost_usd: r.get(10)?,
        source: r.get(11)?,
        parent_id: r.get(12)?,
        favourite: r.get(13)?,
        created_at: r.get(14)?,
        tags: tags_of(&r.get::<_, String>(15)?),
        message_id: r.get(16)?,
        source_url: r.get(17)?,
        task_id: r.get(18)?,
        family: r.get(19)?,
        kind: MediaKind::parse(&r.get::<_, String>(20)?),
        duration_ms: r.get::<_, Option<i64>>(21)?.map(|d| d.max(0) as u64),
        title: r.get(22)?,
        lyrics: r.get(23)?,
    })
}

impl Store {
    pub fn start_generation(
        &self,
        prompt: &str,
        model: &str,
        size: Option<&str>,
        count: u32,
        source: &str,
    ) -> AppResult<i64> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO generations(prompt, model, size, count, source, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6)",
            params![prompt, model, size, count, source, now_ms()],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// A generation made by a chat answer, linked to it.
    pub fn start_chat_generation(
        &self,
        prompt: &str,
        model: &str,
        count: u32,
        answer: &crate::store::Message,
    ) -> AppResult<i64> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO generations(prompt, model, count, source, status, conversation_id, message_id, created_at)
             VALUES (?1, ?2, ?3, 'chat', 'running', ?4, ?5, ?6)",
            params![prompt, model, count, answer.conversation_id, answer.id, now_ms()],
        )?;
        Ok(conn.last_insert_rowid())
    }

    pub fn finish_generation(
        &self,
        id: i64,
        status: GenerationStatus,
        error: Option<&AppError>,
    ) -> AppResult<()> {
        self.conn().execute(
            "UPDATE generations SET status = ?1, error_code = ?2, error_message = ?3, finished_at = ?4 WHERE id = ?5",
            params![status.as_str(), error.map(|e| e.code.as_str()), error.map(|e| e.message.as_str()), now_ms(), id],
        )?;
        Ok(())
    }

    pub fn generation_status(&self, id: i64) -> AppResult<GenerationStatus> {
        let text: String =
            self.conn()
                .query_row("SELECT status FROM generations WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        Ok(match text.as_str() {
            "running" => GenerationStatus::Running,
            "done" => GenerationStatus::Done,
            "cancelled" => GenerationStatus::Cancelled,
            _ => GenerationStatus::Failed,
        })
    }

    pub fn add_image(&self, image: &NewImage) -> AppResult<GalleryImage> {
        let id = {
            let conn = self.conn();
            conn.execute(
                "INSERT INTO images(generation_id, file, thumb, width, height, prompt, revised_prompt, model, size,
                    cost_usd, source, parent_id, created_at, message_id, source_url, task_id, family,
                    kind, duration_ms, title, lyrics)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                params![
                    image.generation_id, image.file, image.thumb, image.width, image.height, image.prompt,
                    image.revised_prompt, image.model, image.size, image.cost_usd, image.source, image.parent_id, now_ms(),
                    image.message_id, image.source_url, image.task_id, image.family,
                    image.kind.as_str(), image.duration_ms.map(|d| d as i64), image.title, image.lyrics
                ],
            )?;
            conn.last_insert_rowid()
        };
        self.image(id)
    }

    pub fn image(&self, id: i64) -> AppResult<GalleryImage> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM images WHERE id = ?1"),
                [id],
                from_row,
            )
            .map_err(|err| match err {
                rusqlite::Error::QueryReturnedNoRows => AppError::not_found("The image"),
                other => other.into(),
            })
    }
}

impl Store {
    /// A poster for a clip that came without one; a poster already there
    /// (the server's) is never replaced.
    pub fn set_missing_thumb(&self, id: i64, thumb: &str) -> AppResult<GalleryImage> {
        self.conn().execute(
            "UPDATE images SET thumb = ?1 WHERE id = ?2 AND thumb = ''",
            params![thumb, id],
        )?;
        self.image(id)
    }

    pub fn set_favourite_image(&self, id: i64, favourite: bool) -> AppResult<GalleryImage> {
        let changed = self.conn().execute(
            "UPDATE images SET favourite = ?1 WHERE id = ?2",
            params![favourite, id],
        )?;
        if changed == 0 {
            return Err(AppError::not_found("The image"));
        }
        self.image(id)
    }

    /// Removes the image from the gallery; the row comes back with
    /// `restore_image` (undo). Its files stay: other rows or messages may
    /// share them, as they are named by their content.
    pub fn delete_image(&self, id: i64) -> AppResult<GalleryImage> {
        let image = self.image(id)?;
        self.conn()
            .execute("DELETE FROM images WHERE id = ?1", [id])?;
        Ok(image)
    }

    /// Puts a deleted image back, with its id, prompt and settings.
    pub fn restore_image(&self, image: &GalleryImage) -> AppResult<GalleryImage> {
        self.conn().execute(
            "INSERT INTO images(id, generation_id, file, thumb, width, height, prompt, revised_prompt, model, size,
                cost_usd, source, parent_id, favourite, created_at, tags, message_id, source_url, task_id, family,
                kind, duration_ms, title, lyrics)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24)",
            params![
                image.id, image.generation_id, image.file, image.thumb, image.width, image.height, image.prompt,
                image.revised_prompt, image.model, image.size, image.cost_usd, image.source, image.parent_id,
                image.favourite, image.created_at, tags_column(&image.tags), image.message_id, image.source_url,
                image.task_id, image.family, image.kind.as_str(), image.duration_ms.map(|d| d as i64),
                image.title, image.lyrics
            ],
        )?;
        self.image(image.id)
    }
}

/// Generations left running by a crash end as failed at the next start:
/// they never vanish, and the user can send them again.
pub(super) fn fail_interrupted_generations(conn: &rusqlite::Connection) -> AppResult<()> {
    conn.execute(
        "UPDATE generations SET status = 'failed', error_code = 'interrupted',
             error_message = 'Comet Desk closed while this image was being made.'
         WHERE status = 'running'",
        [],
    )?;
    Ok(())
}
