//! Spreadsheets as text a model reads: each sheet under its name, a line a
//! row, cells apart by tabs. XLSX keeps strings in one shared table and
//! names its sheets in the workbook; ODS keeps everything in content.xml,
//! where a run of empty cells is one element "repeated" thousands of times
//! (not expanded here).

use super::office::{unpack, Archive};
use super::xml_text::{attr, walk, Walk};
use super::{unreadable, Budget};
use crate::error::AppResult;
use std::collections::HashMap;

pub(super) fn xlsx(zip: &mut Archive, out: &mut String, budget: &mut Budget) -> AppResult<u32> {
    let shared = match zip.index_for_name("xl/sharedStrings.xml") {
        Some(_) => shared_strings(&unpack(zip, "xl/sharedStrings.xml", budget)?, budget)?,
        None => Vec::new(),
    };
    let sheets = sheet_parts(zip, budget)?;
    for (name, part) in &sheets {
        out.push_str(&format!("## {name}\n"));
        let xml = unpack(zip, part, budget)?;
        rows(&xml, &shared, out, budget)?;
        out.push('\n');
    }
    Ok(sheets.len() as u32)
}

/// Each sheet's name and part, in the workbook's order.
fn sheet_parts(zip: &mut Archive, budget: &mut Budget) -> AppResult<Vec<(String, String)>> {
    let rels = unpack(zip, "xl/_rels/workbook.xml.rels", budget)?;
    let mut targets = HashMap::new();
    walk(&rels, budget, |event, _| {
        if let Walk::Start(e) = event {
            if !named(e, "Relationship") {
                return;
            }
            if let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target")) {
                let part = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("xl/{target}"),
                };
                targets.insert(id, part);
            }
        }
    })?;
    let workbook = unpack(zip, "xl/workbook.xml", budget)?;
    let mut sheets = Vec::new();
    walk(&workbook, budget, |event, _| {
        if let Walk::Start(e) = event {
            if !named(e, "sheet") {
                return;
            }
            let part = attr(e, "r:id").and_then(|id| targets.get(&id).cloned());
            if let (Some(name), Some(part)) = (attr(e, "name"), part) {
                sheets.push((name, part));
            }
        }
    })?;
    if sheets.is_empty() {
        return Err(unreadable("This workbook has no sheets, or it is damaged."));
    }
    Ok(sheets)
}

fn shared_strings(xml: &str, budget: &Budget) -> AppResult<Vec<String>> {
    let mut strings = Vec::new();
    walk(xml, budget, |event, path| match event {
        Walk::Start(e) if named(e, "si") => strings.push(String::new()),
        // Phonetic guides (rPh) repeat the reading of East Asian text.
        Walk::Text(text) if inside(path, "t") && !path.iter().any(|n| n == "rPh") => {
            if let Some(s) = strings.last_mut() {
                s.push_str(text);
            }
        }
        _ => {}
    })?;
    Ok(strings)
}

fn rows(xml: &str, shared: &[String], out: &mut String, budget: &Budget) -> AppResult<()> {
    let mut cell_type = String::new();
    let mut row = Vec::<String>::new();
    let mut cell = String::new();
    walk(xml, budget, |event, path| match event {
        Walk::Start(e) if named(e, "c") => cell_type = attr(e, "t").unwrap_or_default(),
        Walk::Text(text) if inside(path, "v") || inside(path, "t") => cell.push_str(text),
        Walk::End("c") => {
            let value = std::mem::take(&mut cell);
            row.push(match cell_type.as_str() {
                "s" => value
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| shared.get(i))
                    .cloned()
                    .unwrap_or_default(),
                "b" => (if value == "1" { "TRUE" } else { "FALSE" }).to_owned(),
                _ => value,
            });
        }
        Walk::End("row") => push_row(out, &mut row),
        _ => {}
    })
}

pub(super) fn ods(xml: &str, out: &mut String, budget: &Budget) -> AppResult<u32> {
    let mut sheets = 0;
    let mut row = Vec::<String>::new();
    // A cell's paragraphs, joined by spaces when it ends.
    let mut cell = Vec::<String>::new();
    walk(xml, budget, |event, path| match event {
        Walk::Start(e) if named(e, "table") => {
            sheets += 1;
            out.push_str(&format!(
                "## {}\n",
                attr(e, "table:name").unwrap_or_default()
            ));
        }
        Walk::Start(e) if named(e, "p") && path.iter().any(|n| n == "table-cell") => {
            cell.push(String::new())
        }
        Walk::Text(text) if path.iter().any(|n| n == "table-cell") => {
            if let Some(p) = cell.last_mut() {
                p.push_str(text);
            }
        }
        Walk::End("table-cell") => row.push(std::mem::take(&mut cell).join(" ")),
        Walk::End("table-row") => push_row(out, &mut row),
        Walk::End("table") => out.push('\n'),
        _ => {}
    })?;
    Ok(sheets)
}

fn push_row(out: &mut String, row: &mut Vec<String>) {
    while row.last().is_some_and(|c| c.is_empty()) {
        row.pop();
    }
    if !row.is_empty() {
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    row.clear();
}

fn inside(path: &[String], name: &str) -> bool {
    path.last().is_some_and(|n| n == name)
}

fn named(e: &quick_xml::events::BytesStart, name: &str) -> bool {
    e.local_name().as_ref() == name
}
