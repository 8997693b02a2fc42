//! EPUB books: a zip of XHTML chapters in the order the package file (the
//! OPF the container names) lists in its spine. Each chapter goes through
//! the web-page reader under a `## Chapter N` heading, so a passage says
//! which chapter it came from. A book with DRM encrypts its chapters: that
//! is said plainly, not read as noise.

use super::office::{open, unpack, Archive};
use super::xml_text::{attr, walk, Walk};
use super::{html_text, unreadable, Budget};
use crate::error::AppResult;
use std::collections::HashMap;

pub(super) fn read(bytes: &[u8], budget: &mut Budget) -> AppResult<(String, u32)> {
    let mut zip = open(bytes)?;
    if zip.index_for_name("META-INF/encryption.xml").is_some() {
        return Err(unreadable(
            "This book is protected (DRM), so its text cannot be read.",
        ));
    }
    let container = unpack(&mut zip, "META-INF/container.xml", budget)?;
    let mut package = None;
    walk(&container, budget, |event, _| {
        if let Walk::Start(e) = event {
            if e.local_name().as_ref() == "rootfile" && package.is_none() {
                package = attr(e, "full-path");
            }
        }
    })?;
    let package =
        package.ok_or_else(|| unreadable("This book is damaged: it names no contents."))?;
    let chapters = spine(&mut zip, &package, budget)?;
    let mut out = String::new();
    let mut shown = 0u32;
    for part in chapters {
        if zip.index_for_name(&part).is_none() {
            continue; // a spine entry the book does not hold: skip, not fail
        }
        let xhtml = unpack(&mut zip, &part, budget)?;
        let text = html_text::to_text(&xhtml, budget)?;
        if text.trim().is_empty() {
            continue; // a cover picture or a blank page
        }
        shown += 1;
        out.push_str(&format!("## Chapter {shown}\n{}\n\n", text.trim()));
        if budget.text_full(&out) {
            break;
        }
    }
    if shown == 0 {
        return Err(unreadable(
            "This book has no text to read, or it is damaged.",
        ));
    }
    Ok((out.trim_end().to_owned(), shown))
}

/// The chapters' part names in reading order.
fn spine(zip: &mut Archive, package: &str, budget: &mut Budget) -> AppResult<Vec<String>> {
    let opf = unpack(zip, package, budget)?;
    let base = package.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut manifest = HashMap::new();
    let mut order = Vec::new();
    walk(&opf, budget, |event, _| {
        if let Walk::Start(e) = event {
            match e.local_name().as_ref() {
                "item" => {
                    if let (Some(id), Some(href)) = (attr(e, "id"), attr(e, "href")) {
                        manifest.insert(id, href);
                    }
                }
                "itemref" => order.extend(attr(e, "idref")),
                _ => {}
            }
        }
    })?;
    Ok(order
        .iter()
        .filter_map(|id| manifest.get(id))
        .map(|href| resolve(base, href))
        .collect())
}

/// `href` (relative, maybe percent-encoded) as a part name under `base`.
fn resolve(base: &str, href: &str) -> String {
    let href = percent_decoded(href.split('#').next().unwrap_or(href));
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for piece in href.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(
            resolve("OEBPS", "text/ch%201.xhtml#top"),
            "OEBPS/text/ch 1.xhtml"
        );
        assert_eq!(resolve("OEBPS/content", "../ch2.xhtml"), "OEBPS/ch2.xhtml");
        assert_eq!(resolve("", "ch3.xhtml"), "ch3.xhtml");
    }
}
