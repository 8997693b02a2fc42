//! A chat's diagram saved where the user chose, as the SVG the window drew
//! or the PNG it painted from it. The bytes come from the web view, so they
//! are checked to be what their name says before anything is written.

use crate::error::{AppError, AppResult};
use crate::files::write_atomically;
use base64::Engine;
use serde::Deserialize;
use specta::Type;
use std::path::Path;

/// A diagram is a few hundred KB at most; a PNG of 8,000 px a side a few MB.
const MAX_BYTES: usize = 32 * 1024 * 1024;
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum DiagramFormat {
    Svg,
    Png,
}

impl DiagramFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }
}

/// The file's bytes: SVG text as it is, a PNG from base64.
pub fn diagram_bytes(format: DiagramFormat, data: &str) -> AppResult<Vec<u8>> {
    if data.len() > MAX_BYTES * 4 / 3 + 4 {
        return Err(AppError::invalid_input(
            "This diagram is too large to save.",
        ));
    }
    let bytes = match format {
        DiagramFormat::Svg => {
            let text = data.trim_start_matches('\u{feff}').trim_start();
            let body = text
                .strip_prefix("<?xml")
                .and_then(|rest| rest.split_once("?>").map(|(_, after)| after.trim_start()))
                .unwrap_or(text);
            if !body.starts_with("<svg") {
                return Err(AppError::invalid_input("This is not an SVG picture."));
            }
            text.as_bytes().to_vec()
        }
        DiagramFormat::Png => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data.trim())
                .map_err(|_| AppError::invalid_input("This is not a PNG picture."))?;
            if !bytes.starts_with(PNG_SIGNATURE) {
                return Err(AppError::invalid_input("This is not a PNG picture."));
            }
            bytes
        }
    };
    if bytes.len() > MAX_BYTES {
        return Err(AppError::invalid_input(
            "This diagram is too large to save.",
        ));
    }
    Ok(bytes)
}

/// Checks and writes the file whole (a temporary file, then a rename).
pub fn save_diagram(path: &Path, format: DiagramFormat, data: &str) -> AppResult<()> {
    write_atomically(path, &diagram_bytes(format, data)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_kept_as_text_and_a_page_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.svg");
        let svg = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><g/></svg>"#;
        save_diagram(&path, DiagramFormat::Svg, svg).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), svg);
        let refused = save_diagram(
            &dir.path().join("x.svg"),
            DiagramFormat::Svg,
            "<html>no</html>",
        );
        assert!(refused.is_err());
        assert!(!dir.path().join("x.svg").exists());
    }

    #[test]
    fn png_is_decoded_and_checked() {
        let png = [PNG_SIGNATURE, b"rest"].concat();
        let data = base64::engine::general_purpose::STANDARD.encode(&png);
        assert_eq!(diagram_bytes(DiagramFormat::Png, &data).unwrap(), png);
        let jpeg = base64::engine::general_purpose::STANDARD.encode(b"\xff\xd8\xff\xe0");
        assert!(diagram_bytes(DiagramFormat::Png, &jpeg).is_err());
        assert!(diagram_bytes(DiagramFormat::Png, "not base64!").is_err());
    }

    #[test]
    fn an_oversized_diagram_is_refused_before_decoding() {
        let huge = "A".repeat(MAX_BYTES * 2);
        assert!(diagram_bytes(DiagramFormat::Png, &huge).is_err());
    }
}
