//! The text of one XML part of an Office or OpenDocument file: character
//! data in document order, a line at each paragraph's end, a tab or space
//! where the format puts one. No DTD is read, so an entity attack has
//! nothing to expand: a part with a DOCTYPE is refused outright (neither
//! format ever has one), and only XML's five entities and numeric ones mean
//! anything.

use super::{unreadable, Budget};
use crate::error::{AppError, AppResult};
use quick_xml::events::Event;
use quick_xml::Reader;

/// Elements whose text a reader does not see: Word's field codes and
/// deleted runs, PowerPoint's slide-number placeholders.
const SKIPPED: &[&str] = &["instrText", "delText", "fldSimple"];

pub(super) fn part_text(xml: &str, out: &mut String, budget: &Budget) -> AppResult<()> {
    let mut reader = Reader::from_str(xml);
    let mut skipping = 0usize;
    let mut events = 0usize;
    loop {
        events += 1;
        if events.is_multiple_of(4096) {
            budget.check_time()?;
            if budget.text_full(out) {
                return Ok(());
            }
        }
        match reader.read_event().map_err(broken)? {
            Event::Eof => return Ok(()),
            Event::DocType(_) => return Err(declares_entities()),
            Event::Start(e) if SKIPPED.contains(&e.local_name().as_ref()) => skipping += 1,
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                if SKIPPED.contains(&name.as_str()) {
                    skipping = skipping.saturating_sub(1);
                } else if skipping == 0 && (name == "p" || name == "h") {
                    end_line(out);
                }
            }
            Event::Empty(e) if skipping == 0 => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "line-break" | "cr" => out.push('\n'),
                "s" => out.push(' '),
                "p" | "h" => end_line(out),
                _ => {}
            },
            Event::Text(t) if skipping == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if skipping == 0 => out.push_str(&t),
            Event::GeneralRef(r) if skipping == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    out.push_str(s);
                }
            }
            _ => {}
        }
    }
}

fn end_line(out: &mut String) {
    while out.ends_with([' ', '\t']) {
        out.pop();
    }
    out.push('\n');
}

/// A DOCTYPE, the only way to declare entities: no Office or OpenDocument part has one.
pub(super) fn declares_entities() -> AppError {
    unreadable(
        "This file declares its own XML entities, which no real document does, so it was not read.",
    )
}

pub(super) fn broken(_: quick_xml::Error) -> AppError {
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
