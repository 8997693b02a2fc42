//! Text out of a PDF, page by page, each headed `## Page N` so a passage
//! can say where it was read. A page that fails is skipped and the rest
//! read; a file with no text at all is a scan, said as such; a user
//! password is said plainly (the empty password that only stops printing
//! or copying is tried first, as every viewer does).

use super::{unreadable, Budget};
use crate::error::AppResult;
use pdf_extract::{output_doc_page, Document, PlainTextOutput};

/// More pages than any document a model should read at once.
const MAX_PAGES: usize = 5_000;

pub(super) fn read(bytes: &[u8], budget: &Budget) -> AppResult<(String, u32)> {
    let mut doc = Document::load_mem(bytes)
        .map_err(|_| unreadable("This PDF is damaged or not a PDF, so it could not be read."))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(unreadable(
            "This PDF is locked with a password. Open it, save a copy without the password, and attach that.",
        ));
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(unreadable(format!(
            "This PDF has {} pages; up to {MAX_PAGES} can be read.",
            pages.len()
        )));
    }
    let mut text = String::new();
    let mut failed = 0;
    for &number in pages.keys() {
        budget.check_time()?;
        let mut page = String::new();
        if output_doc_page(&doc, &mut PlainTextOutput::new(&mut page), number).is_err() {
            failed += 1;
            continue;
        }
        let page = page.trim();
        if !page.is_empty() {
            text.push_str(&format!("## Page {number}\n{page}\n\n"));
        }
        if budget.text_full(&text) {
            break;
        }
    }
    if text.is_empty() {
        return Err(unreadable(if failed > 0 {
            "No page of this PDF could be read: it looks damaged."
        } else {
            "This PDF has no text to read: its pages look like scanned pictures."
        }));
    }
    Ok((text.trim_end().to_owned(), pages.len() as u32))
}
