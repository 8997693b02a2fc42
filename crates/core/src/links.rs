//! Links in answers open in the system browser, and only these kinds: a
//! model's answer must not be able to launch a file or a custom scheme.

use crate::error::{AppError, AppResult};
use url::Url;

pub fn checked_link(link: &str) -> AppResult<String> {
    let refused = || AppError::invalid_input("Only web and e-mail links can be opened.");
    let url = Url::parse(link.trim()).map_err(|_| refused())?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some() => Ok(url.into()),
        "mailto" => Ok(url.into()),
        _ => Err(refused()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_links_pass_and_nothing_else_does() {
        assert_eq!(
            checked_link(" https://example.com/a?b=1 ").unwrap(),
            "https://example.com/a?b=1"
        );
        assert!(checked_link("mailto:someone@example.com").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "ms-settings:",
            "/relative",
            "https://",
        ] {
            assert!(checked_link(bad).is_err(), "{bad}");
        }
    }
}
