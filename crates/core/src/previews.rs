//! Previews of the HTML and SVG an answer holds. The page hands the code
//! here and gets a token; the window's `comet-preview` scheme serves it
//! under `PREVIEW_CSP`, in a frame sandboxed to an opaque origin: its
//! scripts run, but they reach no IPC, no storage of the app, and no
//! network.

use crate::error::{AppError, AppResult};
use std::collections::VecDeque;
use std::sync::Mutex;

/// Scripts and styles of the page itself only; pictures inline; no
/// requests anywhere (connect, frames, forms, fetches of any kind); and
/// `sandbox` makes its origin opaque even if it were opened on its own.
pub const PREVIEW_CSP: &str = "default-src 'none'; script-src 'unsafe-inline'; \
    style-src 'unsafe-inline'; img-src data: blob:; font-src data:; media-src data: blob:; \
    form-action 'none'; base-uri 'none'; sandbox allow-scripts";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PreviewKind {
    Html,
    Svg,
}

/// The last few previews opened; an older one's frame shows "gone".
const KEPT: usize = 16;
/// Far more than any answer's code block.
const MAX_SOURCE: usize = 2 * 1024 * 1024;

#[derive(Default)]
pub struct Previews {
    pages: Mutex<VecDeque<(String, String)>>,
}

impl Previews {
    /// Keeps the page; the token names it in the scheme's URL.
    pub fn open(&self, source: &str, kind: PreviewKind) -> AppResult<String> {
        if source.len() > MAX_SOURCE {
            return Err(AppError::invalid_input(
                "This code is too large to preview.",
            ));
        }
        let page = match kind {
            PreviewKind::Html => source.to_owned(),
            // Drawn as a page of its own, so its size and scripts behave as
            // they would when opened in a browser.
            PreviewKind::Svg => format!(
                "<!doctype html><meta charset=\"utf-8\"><body style=\"margin:0\">{source}</body>"
            ),
        };
        let token = format!("{:032x}", rand::random::<u128>());
        let mut pages = self
            .pages
            .lock()
            .map_err(|_| AppError::storage("previews"))?;
        if pages.len() == KEPT {
            pages.pop_front();
        }
        pages.push_back((token.clone(), page));
        Ok(token)
    }

    pub fn page(&self, token: &str) -> Option<String> {
        let pages = self.pages.lock().ok()?;
        pages
            .iter()
            .find(|(t, _)| t == token)
            .map(|(_, p)| p.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_policy_lets_nothing_out() {
        let directives: Vec<&str> = PREVIEW_CSP.split(';').map(str::trim).collect();
        assert!(directives.contains(&"default-src 'none'"));
        assert!(directives.contains(&"sandbox allow-scripts"));
        // Nothing but inline code and inline pictures: no host, no scheme
        // that reaches one.
        for word in PREVIEW_CSP.split_whitespace() {
            assert!(
                !word.contains("http") && !word.contains('*') && word != "'self'",
                "{word}"
            );
        }
        assert!(!PREVIEW_CSP.contains("allow-same-origin"));
    }

    #[test]
    fn pages_are_found_by_token_and_the_oldest_go_first() {
        let previews = Previews::default();
        let first = previews.open("<p>one</p>", PreviewKind::Html).unwrap();
        let svg = previews.open("<svg></svg>", PreviewKind::Svg).unwrap();
        assert_eq!(previews.page(&first).as_deref(), Some("<p>one</p>"));
        assert!(previews
            .page(&svg)
            .unwrap()
            .contains("<body style=\"margin:0\"><svg></svg>"));
        assert_eq!(previews.page("nope"), None);
        for _ in 0..KEPT {
            previews.open("x", PreviewKind::Html).unwrap();
        }
        assert_eq!(previews.page(&first), None);
        let huge = "x".repeat(MAX_SOURCE + 1);
        assert!(previews.open(&huge, PreviewKind::Html).is_err());
    }
}
