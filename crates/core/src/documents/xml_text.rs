//! The text of one XML part of an Office or OpenDocument file: character
//! data in document order, a line at each paragraph's end, a tab or space
//! where the format puts one. No DTD is read, so an entity attack has
//! nothing to expand: a part with a DOCTYPE is refused outright (neither
//! format ever has one), and only XML's five entities and numeric ones mean
//! anything.

use super::{unreadable, Budget};
use crate::error::{AppError, AppResult};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Elements whose text a reader does not see: Word's field codes and
/// deleted runs, PowerPoint's slide-number placeholders.
const SKIPPED: &[&str] = &["instrText", "delText", "fldSimple"];

/// What `walk` reports, in document order. An empty element is a start and
/// an end.
pub(super) enum Walk<'a, 'e> {
    Start(&'a BytesStart<'e>),
    End(&'a str),
    Text(&'a str),
}

/// The one reader of every XML part: calls `seen` for each element and
/// text with the local names of the elements open around it, resolving
/// only XML's five entities and numeric ones, and refusing a DTD.
pub(super) fn walk(
    xml: &str,
    budget: &Budget,
    mut seen: impl FnMut(Walk, &[String]),
) -> AppResult<()> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut events = 0usize;
    loop {
        events += 1;
        if events.is_multiple_of(4096) {
            budget.check_time()?;
        }
        match reader.read_event().map_err(broken)? {
            Event::Eof => return Ok(()),
            Event::DocType(_) => return Err(declares_entities()),
            Event::Start(e) => {
                path.push(e.local_name().as_ref().to_owned());
                seen(Walk::Start(&e), &path);
            }
            Event::Empty(e) => {
                let local = e.local_name().as_ref().to_owned();
                path.push(local.clone());
                seen(Walk::Start(&e), &path);
                path.pop();
                seen(Walk::End(&local), &path);
            }
            Event::End(_) => {
                let local = path.pop().unwrap_or_default();
                seen(Walk::End(&local), &path);
            }
            Event::Text(t) => seen(Walk::Text(&t.xml10_content()), &path),
            Event::CData(t) => seen(Walk::Text(&t), &path),
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r)
                        .unwrap_or_default()
                        .to_owned(),
                };
                seen(Walk::Text(&text), &path);
            }
            _ => {}
        }
    }
}

/// An attribute's value by its qualified name (`t`, `table:name`).
pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    let value = e.try_get_attribute(name).ok().flatten()?;
    value
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

pub(super) fn part_text(xml: &str, out: &mut String, budget: &Budget) -> AppResult<()> {
    let mut skipping = 0usize;
    walk(xml, budget, |event, path| match event {
        Walk::Start(e) if SKIPPED.contains(&e.local_name().as_ref()) => skipping += 1,
        Walk::End(name) if SKIPPED.contains(&name) => skipping = skipping.saturating_sub(1),
        _ if skipping > 0 => {}
        Walk::End("p" | "h") => end_line(out),
        // Not the tab stops a Word paragraph's properties list (`w:tabs`).
        Walk::End("tab") if path.last().is_none_or(|n| n != "tabs") => out.push('\t'),
        Walk::End("br" | "line-break" | "cr") => out.push('\n'),
        Walk::End("s") => out.push(' '),
        Walk::Text(text) => out.push_str(text),
        _ => {}
    })
}

fn end_line(out: &mut String) {
    while out.ends_with([' ', '\t']) {
        out.pop();
    }
    out.push('\n');
}

/// A DOCTYPE, the only way to declare entities: no Office or OpenDocument part has one.
fn declares_entities() -> AppError {
    unreadable(
        "This file declares its own XML entities, which no real document does, so it was not read.",
    )
}

fn broken(_: quick_xml::Error) -> AppError {
    unreadable("This file is damaged: part of it is not well-formed XML.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::Limits;

    fn text(xml: &str) -> AppResult<String> {
        let mut out = String::new();
        part_text(xml, &mut out, &Budget::new(Limits::default()))?;
        Ok(out)
    }

    #[test]
    fn word_paragraphs_tabs_and_entities_skipping_field_codes() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Fish &amp; chips</w:t><w:tab/><w:t>&#163;9</w:t></w:r></w:p><w:p><w:r><w:instrText>PAGE</w:instrText><w:t xml:space="preserve">Line two </w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(text(xml).unwrap(), "Fish & chips\t£9\nLine two\n");
    }

    #[test]
    fn tab_stops_in_a_paragraphs_properties_are_not_tabs() {
        let xml = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>"#;
        assert_eq!(text(xml).unwrap(), "a\tb\n");
    }

    #[test]
    fn an_entity_attack_is_refused_before_anything_expands() {
        let xml = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document><w:t>&lol2;</w:t></w:document>"#;
        let err = text(xml).unwrap_err();
        assert!(err.message.contains("entities"), "{}", err.message);
    }

    #[test]
    fn broken_xml_is_called_damaged() {
        assert!(text("<a><b></a>").unwrap_err().message.contains("damaged"));
    }
}
