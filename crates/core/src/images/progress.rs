//! Reading what a chat image model (gpt-4o-image and alike) writes while it
//! works: progress lines, in English or Chinese, then `![…](url)` images.
//! Download links (`[下载⏬](…)`, `[点击下载](…)`) point at the same files
//! and are not images of their own.

use serde::Serialize;

/// In order: a later stage never goes back to an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Queued,
    Generating,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Progress {
    pub stage: Stage,
    /// 0–100 once the model says.
    pub percent: Option<u8>,
}

/// Where the answer so far stands; `None` before it says anything.
pub fn progress(text: &str) -> Option<Progress> {
    let mut stage = None;
    let mut percent: Option<u8> = None;
    for line in text.lines() {
        let lower = line.to_lowercase();
        if lower.contains("queuing") || lower.contains("queued") || line.contains("排队") {
            stage = stage.max(Some(Stage::Queued));
        }
        if lower.contains("generating")
            || line.contains("生成中")
            || lower.contains("progress")
            || line.contains("进度")
        {
            stage = stage.max(Some(Stage::Generating));
            if let Some(p) = last_percent(line) {
                percent = Some(percent.map_or(p, |old| old.max(p)));
            }
        }
        if lower.contains("generation complete") || line.contains("生成完成") {
            stage = Some(Stage::Done);
            percent = Some(100);
        }
    }
    if !images(text).is_empty() {
        stage = Some(Stage::Done);
        percent = Some(100);
    }
    stage.map(|stage| Progress { stage, percent })
}

/// The largest number 0–100 in a progress line (`14...37...61..[100](…)`,
/// `进度 **34%**`), ignoring digits inside link targets.
fn last_percent(line: &str) -> Option<u8> {
    let mut best: Option<u8> = None;
    let mut in_target = false;
    let mut number = String::new();
    let mut previous = ' ';
    for c in line.chars().chain(std::iter::once(' ')) {
        if previous == ']' && c == '(' {
            in_target = true;
        } else if in_target && c == ')' {
            in_target = false;
        }
        if !in_target && c.is_ascii_digit() {
            number.push(c);
        } else if !number.is_empty() {
            if let Ok(n) = number.parse::<u32>() {
                if n <= 100 {
                    best = Some(best.map_or(n as u8, |b| b.max(n as u8)));
                }
            }
            number.clear();
        }
        previous = c;
    }
    best
}

/// Every `![alt](url)` image link, in order, without repeats.
pub fn images(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("![") {
        let after = &rest[start + 2..];
        let Some(close) = after.find("](") else { break };
        let target = &after[close + 2..];
        let Some(end) = target.find(')') else { break };
        let url = target[..end]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        if (url.starts_with("https://") || url.starts_with("http://")) && !found.contains(&url) {
            found.push(url);
        }
        rest = &target[end..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "```\n{\n  \"prompt\": \"A kitten\",\n  \"ratio\": \"1:1\"\n}\n```\n\n>🕐 Queuing.\n\n>⚡ Generating..\n\n>🏃 Progress 14...37...61...74..[100](https://videos.openai.com/x%2Fsrc_0.png?st=2025-04-15T04%3A40%3A06Z)\n\n> ✅ Generation complete\n\n\n![gen_01](https://filesystem.site/cdn/20250415/CK1w.png)\n\n[下载⏬](https://filesystem.site/cdn/20250415/CK1w.png)";

    #[test]
    fn english_progress_climbs_to_done_and_the_image_is_taken_not_the_download() {
        assert_eq!(
            progress(">🕐 Queuing."),
            Some(Progress {
                stage: Stage::Queued,
                percent: None
            })
        );
        assert_eq!(
            progress(">🕐 Queuing.\n\n>⚡ Generating..\n\n>🏃 Progress 14...37"),
            Some(Progress {
                stage: Stage::Generating,
                percent: Some(37)
            })
        );
        assert_eq!(
            progress(ENGLISH),
            Some(Progress {
                stage: Stage::Done,
                percent: Some(100)
            })
        );
        assert_eq!(
            images(ENGLISH),
            ["https://filesystem.site/cdn/20250415/CK1w.png"]
        );
        assert_eq!(progress("Hello"), None);
    }

    #[test]
    fn chinese_progress_lines_are_read() {
        let text = "> 排队中\n\n> 生成中\n\n> 进度 **34%**\n\n> 进度 **78%**";
        assert_eq!(
            progress(text),
            Some(Progress {
                stage: Stage::Generating,
                percent: Some(78)
            })
        );
        let done = format!("{text}\n\n生成完成 ✅\n\n![图片](https://filesystem.site/a.png)\n\n[点击下载](https://filesystem.site/a.png)");
        assert_eq!(progress(&done).unwrap().percent, Some(100));
        assert_eq!(images(&done), ["https://filesystem.site/a.png"]);
    }

    #[test]
    fn odd_links_are_skipped() {
        assert!(images("![x](javascript:alert(1)) ![y](data:image/png;base64,AAA)").is_empty());
        assert_eq!(
            images("![a](https://h/1.png \"title\") ![b](https://h/2.png)").len(),
            2
        );
        assert!(images("![broken](https://h/1.png").is_empty());
    }
}
