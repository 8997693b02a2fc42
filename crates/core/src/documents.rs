//! Documents a user gives a chat (#17): their text taken out in Rust, so a
//! question can carry it. Every reader works under `Limits` (bytes in,
//! bytes unpacked, characters out, time), and every failure is a message a
//! person can act on, never a crash or a hang: the file comes from anywhere.

pub mod chunks;
mod epub;
mod html_text;
mod isolated;
mod office;
mod pdf;
mod plain_text;
mod sheet_xml;
mod xml_text;

use crate::error::{AppError, AppResult, ErrorCode};
pub use isolated::{serve_child, Reader, READ_DOCUMENT_ARG};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::{Duration, Instant};

/// What a document is, as far as reading its text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Plain text, Markdown, source code, JSON, CSV, logs.
    Text,
    Html,
    /// DOCX or ODT.
    Word,
    /// PPTX or ODP.
    Slides,
    /// XLSX or ODS.
    Sheet,
    Pdf,
    /// EPUB.
    Book,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Html => "html",
            Self::Word => "word",
            Self::Slides => "slides",
            Self::Sheet => "sheet",
            Self::Pdf => "pdf",
            Self::Book => "book",
        }
    }

    /// An unknown word (a newer app's kind) reads as text.
    pub fn parse(word: &str) -> Self {
        match word {
            "html" => Self::Html,
            "word" => Self::Word,
            "slides" => Self::Slides,
            "sheet" => Self::Sheet,
            "pdf" => Self::Pdf,
            "book" => Self::Book,
            _ => Self::Text,
        }
    }
}

/// A document's text, and how many pages, slides or sheets it had (0 when
/// its format has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    pub kind: DocumentKind,
    pub text: String,
    pub parts: u32,
}

/// How far a reader may go before it gives up with a clear message.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_file_bytes: u64,
    /// Summed over every part unpacked from an archive (zip bombs).
    pub max_unpacked_bytes: u64,
    pub max_text_chars: usize,
    pub max_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 100 * 1024 * 1024,
            max_unpacked_bytes: 256 * 1024 * 1024,
            // About 10 million tokens: no model reads that whole, but a
            // 10 MB spreadsheet holds that much, searched in passages.
            max_text_chars: 40_000_000,
            max_time: Duration::from_secs(20),
        }
    }
}

/// The clock and the counters one extraction shares across its readers.
pub(crate) struct Budget {
    limits: Limits,
    deadline: Instant,
    unpacked: u64,
}

impl Budget {
    fn new(limits: Limits) -> Self {
        Self {
            limits,
            deadline: Instant::now() + limits.max_time,
            unpacked: 0,
        }
    }

    /// Called often by every reader: past the deadline, the read stops.
    pub(crate) fn check_time(&self) -> AppResult<()> {
        if Instant::now() > self.deadline {
            return Err(unreadable(format!(
                "Reading this document took longer than {} s, so it was stopped.",
                self.limits.max_time.as_secs()
            )));
        }
        Ok(())
    }

    /// How many more bytes an archive may unpack; spent by `spend`.
    pub(crate) fn unpack_allowance(&self) -> u64 {
        self.limits.max_unpacked_bytes.saturating_sub(self.unpacked)
    }

    pub(crate) fn spend(&mut self, bytes: u64) -> AppResult<()> {
        self.unpacked += bytes;
        if self.unpacked > self.limits.max_unpacked_bytes {
            return Err(unreadable(
                "This file unpacks to far more than a document holds, so it was not read.",
            ));
        }
        Ok(())
    }

    pub(crate) fn text_full(&self, text: &str) -> bool {
        text.len() > self.limits.max_text_chars
    }
}

pub(crate) fn unreadable(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

/// Every file name ending read as a document (the file dialog's filter).
pub fn extensions() -> Vec<&'static str> {
    let mut all = vec![
        "pdf", "docx", "odt", "pptx", "odp", "xlsx", "ods", "html", "htm", "xhtml", "epub",
    ];
    all.extend_from_slice(plain_text::EXTENSIONS);
    all
}

/// The kind a file name says, or `None` for formats not read (yet).
pub fn kind_of(name: &str) -> Option<DocumentKind> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "docx" | "odt" => DocumentKind::Word,
        "pptx" | "odp" => DocumentKind::Slides,
        "xlsx" | "ods" => DocumentKind::Sheet,
        "pdf" => DocumentKind::Pdf,
        "epub" => DocumentKind::Book,
        "html" | "htm" | "xhtml" => DocumentKind::Html,
        e if plain_text::EXTENSIONS.contains(&e) => DocumentKind::Text,
        _ => return None,
    })
}

/// Reads a document's text from disk. Blocking: call it off the IPC thread.
pub fn extract_file(path: &Path, limits: Limits) -> AppResult<Extracted> {
    let (name, bytes) = read_file(path, limits)?;
    extract(&name, &bytes, limits)
}

/// A document's name and bytes, refused before reading when too large.
pub fn read_file(path: &Path, limits: Limits) -> AppResult<(String, Vec<u8>)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let size = std::fs::metadata(path)
        .map_err(|_| unreadable(format!("{name} could not be opened.")))?
        .len();
    if size > limits.max_file_bytes {
        return Err(AppError::new(
            ErrorCode::TooLarge,
            format!(
                "{name} is {} MB; documents up to {} MB can be read.",
                size / (1024 * 1024),
                limits.max_file_bytes / (1024 * 1024)
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|_| unreadable(format!("{name} could not be read.")))?;
    Ok((name, bytes))
}

/// Reads a document's text from its bytes, by the kind its name says.
pub fn extract(name: &str, bytes: &[u8], limits: Limits) -> AppResult<Extracted> {
    let Some(kind) = kind_of(name) else {
        return Err(unreadable(format!(
            "{name}: this kind of file cannot be read as a document."
        )));
    };
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(AppError::new(
            ErrorCode::TooLarge,
            format!("{name} is too large to read."),
        ));
    }
    let mut budget = Budget::new(limits);
    let (text, parts) = match kind {
        DocumentKind::Text => (plain_text::decode(bytes, &budget)?, 0),
        DocumentKind::Html => (
            html_text::to_text(&plain_text::decode(bytes, &budget)?, &budget)?,
            0,
        ),
        DocumentKind::Word | DocumentKind::Slides | DocumentKind::Sheet => {
            office::read(kind, bytes, &mut budget).map_err(|err| named(name, err))?
        }
        DocumentKind::Pdf => pdf::read(bytes, &budget).map_err(|err| named(name, err))?,
        DocumentKind::Book => epub::read(bytes, &mut budget).map_err(|err| named(name, err))?,
    };
    if budget.text_full(&text) {
        return Err(AppError::new(
            ErrorCode::TooLarge,
            format!("{name} holds more text than any model can read."),
        ));
    }
    Ok(Extracted { kind, text, parts })
}

fn named(name: &str, err: AppError) -> AppError {
    AppError::new(err.code, format!("{name}: {}", err.message))
}
