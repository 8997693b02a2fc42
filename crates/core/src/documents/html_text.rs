//! A saved web page's readable text: tags dropped, blocks on their own
//! lines, table cells apart, scripts, styles and the head left out, the
//! common entities and every numeric one decoded. A small scanner rather
//! than a browser engine: the page is never run, only read.

use super::Budget;
use crate::error::AppResult;

/// Elements whose content is not text a reader sees.
const HIDDEN: &[&str] = &["script", "style", "head", "noscript", "template", "svg"];
/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "hr",
    "dt",
    "dd",
    "title",
];

pub(super) fn to_text(html: &str, budget: &Budget) -> AppResult<String> {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut hidden: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if hidden.is_none() {
            push_text(&mut out, &rest[..lt]);
        }
        rest = &rest[lt..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else {
            rest.find('>').map(|i| i + 1)
        };
        let Some(end) = end else { break };
        let tag = &rest[1..end - 1];
        rest = &rest[end..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match &hidden {
            Some(open) if closing && *open == name => hidden = None,
            Some(_) => {}
            None if !closing && HIDDEN.contains(&name.as_str()) && !tag.ends_with('/') => {
                hidden = Some(name)
            }
            None if BLOCKS.contains(&name.as_str()) => new_line(&mut out),
            // Cells apart by tabs, the first of a row at its start.
            None if !closing
                && (name == "td" || name == "th")
                && !out.is_empty()
                && !out.ends_with('\n') =>
            {
                out.push('\t')
            }
            None => {}
        }
        if out.len() % 4096 < 64 {
            budget.check_time()?;
        }
    }
    if hidden.is_none() {
        push_text(&mut out, rest);
    }
    Ok(out.trim().to_owned())
}

fn new_line(out: &mut String) {
    while out.ends_with([' ', '\t']) {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Text between tags: runs of white space become one space, as a browser shows them.
fn push_text(out: &mut String, raw: &str) {
    let mut rest = raw;
    while !rest.is_empty() {
        let (piece, after) = match rest.find('&') {
            Some(amp) => (&rest[..amp], &rest[amp..]),
            None => (rest, ""),
        };
        push_spaced(out, piece);
        rest = after;
        if rest.is_empty() {
            break;
        }
        match rest
            .find(';')
            .filter(|&i| i <= 10)
            .and_then(|i| entity(&rest[1..i]).map(|c| (c, i)))
        {
            Some((c, i)) => {
                out.push(c);
                rest = &rest[i + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
}

fn push_spaced(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n', '\t']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        "laquo" => '«',
        "raquo" => '»',
        "euro" => '€',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::Limits;

    fn text(html: &str) -> String {
        to_text(html, &Budget::new(Limits::default())).unwrap()
    }

    #[test]
    fn blocks_lines_cells_and_entities() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
            <h1>Prices</h1><p>Tea &amp; cake&nbsp;&#8364;3 &#x2014; fresh</p>\
            <table><tr><td>a</td><td>b</td></tr></table><script>alert(1)</script><!-- x --> end</body></html>";
        assert_eq!(text(html), "Prices\nTea & cake €3 — fresh\na\tb\nend");
    }

    #[test]
    fn broken_markup_keeps_what_it_can() {
        assert_eq!(text("a < b &bogus; <p>c"), "a c");
        assert_eq!(text("x &amp y"), "x &amp y");
    }
}
