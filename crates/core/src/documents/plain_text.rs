//! Text files in whatever encoding they were saved in: a byte-order mark
//! decides, then valid UTF-8, then chardetng's guess (a Windows-1252 note,
//! a Shift_JIS log), decoded by encoding_rs. Binary files are refused.

use super::{unreadable, Budget};
use crate::error::AppResult;

/// Names read as plain text: prose, data and source code.
pub(super) const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "rst", "log", "csv", "tsv", "json", "jsonl", "xml", "yaml",
    "yml", "toml", "ini", "cfg", "conf", "sql", "rs", "py", "js", "mjs", "ts", "tsx", "jsx",
    "svelte", "vue", "go", "java", "kt", "c", "h", "cpp", "hpp", "cc", "cs", "rb", "php", "swift",
    "sh", "bash", "ps1", "lua", "r", "m", "scala", "dart", "css", "scss", "tex", "srt", "vtt",
];

pub(super) fn decode(bytes: &[u8], budget: &Budget) -> AppResult<String> {
    budget.check_time()?;
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned());
    }
    // A NUL is not text in any 8-bit or UTF-8 file (UTF-16 has a BOM above).
    if bytes.iter().take(64 * 1024).any(|&b| b == 0) {
        return Err(unreadable(
            "This file holds binary data, not text, so it cannot be read as a document.",
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    Ok(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::Limits;

    fn read(bytes: &[u8]) -> AppResult<String> {
        decode(bytes, &Budget::new(Limits::default()))
    }

    #[test]
    fn utf8_with_and_without_a_mark_and_utf16_by_its_mark() {
        assert_eq!(read("Grüße".as_bytes()).unwrap(), "Grüße");
        assert_eq!(read(b"\xEF\xBB\xBFhello").unwrap(), "hello");
        assert_eq!(read(b"\xFF\xFEh\0i\0").unwrap(), "hi");
    }

    #[test]
    fn a_legacy_8_bit_file_is_decoded_by_its_guessed_encoding() {
        // "Café déjà vu, naïve façade" saved as Windows-1252.
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Le café déjà vu, une façade naïve à l'été.");
        assert_eq!(
            read(&bytes).unwrap(),
            "Le café déjà vu, une façade naïve à l'été."
        );
    }

    #[test]
    fn binary_data_is_refused_plainly() {
        let err = read(b"\x7fELF\x02\x01\x01\0\0\0").unwrap_err();
        assert!(err.message.contains("binary"), "{}", err.message);
    }
}
