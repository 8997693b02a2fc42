//! Office Open XML (DOCX, PPTX, XLSX) and OpenDocument (ODT, ODP, ODS)
//! files: zip archives whose text is in XML parts. Each part is unpacked
//! through the budget, which counts the bytes actually inflated (an
//! archive's own sizes can lie), so a zip bomb stops at the limit.

use super::{sheet_xml, unreadable, xml_text, Budget, DocumentKind};
use crate::error::AppResult;
use std::io::{Cursor, Read};
use zip::ZipArchive;

pub(super) type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// The text and the count of pages, slides or sheets.
pub(super) fn read(
    kind: DocumentKind,
    bytes: &[u8],
    budget: &mut Budget,
) -> AppResult<(String, u32)> {
    let mut zip = open(bytes)?;
    let open_document = zip.index_for_name("content.xml").is_some();
    let mut text = String::new();
    let parts = match (kind, open_document) {
        (DocumentKind::Sheet, false) => sheet_xml::xlsx(&mut zip, &mut text, budget)?,
        (DocumentKind::Sheet, true) => {
            let xml = unpack(&mut zip, "content.xml", budget)?;
            sheet_xml::ods(&xml, &mut text, budget)?
        }
        (_, true) => {
            let xml = unpack(&mut zip, "content.xml", budget)?;
            xml_text::part_text(&xml, &mut text, budget)?;
            0
        }
        (DocumentKind::Slides, false) => slides(&mut zip, &mut text, budget)?,
        (_, false) => {
            if zip.index_for_name("word/document.xml").is_none() {
                return Err(unreadable("This is not a Word document, or it is damaged."));
            }
            let xml = unpack(&mut zip, "word/document.xml", budget)?;
            xml_text::part_text(&xml, &mut text, budget)?;
            0
        }
    };
    Ok((text.trim().to_owned(), parts))
}

/// The zip archive every Office, OpenDocument and EPUB file is, refused
/// plainly when it is Office's old or encrypted format, not a zip, or holds
/// more parts than any document does.
pub(super) fn open(bytes: &[u8]) -> AppResult<Archive<'_>> {
    // Office encrypts a protected file whole, into the old compound format.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(unreadable(
            "This file is protected by a password or saved in an old Office format (.doc, .xls, .ppt). Open it, save it without a password as .docx, .xlsx or .pptx, and attach it again.",
        ));
    }
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        unreadable(
            "This file is damaged or is not the kind its name says (it is not a zip archive).",
        )
    })?;
    if zip.len() > 10_000 {
        return Err(unreadable(
            "This file holds more parts than any document does, so it was not read.",
        ));
    }
    Ok(zip)
}

/// Every slide in its number's order, each under a heading.
fn slides(zip: &mut Archive, out: &mut String, budget: &mut Budget) -> AppResult<u32> {
    let mut numbers: Vec<u32> = zip
        .file_names()
        .filter_map(|n| {
            let n = n.ok()?;
            n.strip_prefix("ppt/slides/slide")?
                .strip_suffix(".xml")?
                .parse()
                .ok()
        })
        .collect();
    numbers.sort_unstable();
    if numbers.is_empty() {
        return Err(unreadable(
            "This presentation has no slides, or it is damaged.",
        ));
    }
    for (shown, number) in numbers.iter().enumerate() {
        let xml = unpack(zip, &format!("ppt/slides/slide{number}.xml"), budget)?;
        out.push_str(&format!("## Slide {}\n", shown + 1));
        xml_text::part_text(&xml, out, budget)?;
        out.push('\n');
    }
    Ok(numbers.len() as u32)
}

/// One part as text, inflated within what the budget still allows.
pub(super) fn unpack(zip: &mut Archive, name: &str, budget: &mut Budget) -> AppResult<String> {
    budget.check_time()?;
    let entry = zip
        .by_name(name)
        .map_err(|_| unreadable(format!("This file is damaged: its part {name} is missing.")))?;
    if entry.encrypted() {
        return Err(unreadable(
            "This file is protected by a password, so it cannot be read.",
        ));
    }
    let allowance = budget.unpack_allowance();
    let mut bytes = Vec::new();
    entry
        .take(allowance + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| unreadable("This file is damaged: a part of it does not unpack."))?;
    budget.spend(bytes.len() as u64)?;
    String::from_utf8(bytes)
        .map_err(|_| unreadable("This file is damaged: a part of it is not text."))
}
