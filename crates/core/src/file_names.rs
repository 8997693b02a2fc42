//! File names made from user text (chat titles, prompts): no separators or
//! characters any of Windows, macOS or Linux refuse, no leading dots, no
//! reserved device names, never empty, never too long.

const MAX_CHARS: usize = 80;
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A name without extension ("untitled" when nothing usable is left).
pub fn safe_stem(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let words = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed: String = words
        .trim_matches(|c: char| c == '.' || c == ' ' || c == '-')
        .chars()
        .take(MAX_CHARS)
        .collect();
    let trimmed = trimmed.trim_end_matches(['.', ' ']).to_owned();
    let base = trimmed.split('.').next().unwrap_or_default().to_lowercase();
    if trimmed.is_empty() || RESERVED.contains(&base.as_str()) {
        return format!(
            "untitled{}",
            if trimmed.is_empty() {
                String::new()
            } else {
                format!(" {trimmed}")
            }
        );
    }
    trimmed
}

#[cfg(test)]
mod tests {
    use super::safe_stem;

    #[test]
    fn names_cannot_escape_or_break_the_folder() {
        assert_eq!(safe_stem("Trip to Lisbon"), "Trip to Lisbon");
        assert_eq!(safe_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_stem("a/b\\c:d*e?f\"g<h>i|j"), "a-b-c-d-e-f-g-h-i-j");
        assert_eq!(safe_stem("...hidden"), "hidden");
        assert_eq!(safe_stem("  \n\t "), "untitled");
        assert_eq!(safe_stem("CON"), "untitled CON");
        assert_eq!(safe_stem("line\nbreak"), "line break");
        assert_eq!(safe_stem(&"x".repeat(300)).chars().count(), 80);
        assert_eq!(safe_stem("秋天的诗"), "秋天的诗");
    }
}
