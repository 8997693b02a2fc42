//! Turns what the server said into one of our error codes and a sentence a
//! person can act on, keeping the server's own words where they help.

use super::wire::ErrorEnvelope;
use crate::error::{AppError, ErrorCode};
use reqwest::StatusCode;

/// The server's own message, if its body is CometAPI's error envelope.
fn server_message(body: &str) -> Option<(String, Option<String>)> {
    let envelope: ErrorEnvelope = serde_json::from_str(body).ok()?;
    let code = envelope.error.code_text().map(str::to_owned);
    Some((envelope.error.message, code))
}

fn looks_like_html(body: &str) -> bool {
    let head = body
        .trim_start()
        .get(..64)
        .unwrap_or(body.trim_start())
        .to_ascii_lowercase();
    head.starts_with("<!doctype") || head.starts_with("<html") || head.starts_with('<')
}

/// Maps a non-success answer. `body` is at most a few KB of its text.
pub(crate) fn from_status(status: StatusCode, body: &str) -> AppError {
    let said = server_message(body)
        .map(|(m, _)| m)
        .filter(|m| !m.is_empty());
    let with_detail = |text: &str| match &said {
        Some(m) => format!("{text} (CometAPI said: {m})"),
        None => text.to_owned(),
    };
    if status.is_redirection()
        || (said.is_none()
            && looks_like_html(body)
            && (status.is_success() || status == StatusCode::NOT_FOUND))
    {
        return AppError::new(
            ErrorCode::BadBaseUrl,
            "The server answered with a web page instead of the API. Check the base URL in Settings \
             (for CometAPI it is https://api.cometapi.com).",
        );
    }
    match status.as_u16() {
        400 => AppError::new(
            ErrorCode::BadRequest,
            said.unwrap_or_else(|| "CometAPI rejected the request.".into()),
        ),
        401 => AppError::new(
            ErrorCode::InvalidKey,
            "This key was refused by CometAPI. Check it in Settings.",
        ),
        403 => AppError::new(
            ErrorCode::Forbidden,
            with_detail("Access denied for this key or model."),
        ),
        // Anthropic's shape says what was not found: a model, not a path.
        404 if body.contains("\"not_found_error\"") => AppError::new(
            ErrorCode::ModelUnavailable,
            with_detail("This model is not served here. Try another model."),
        ),
        404 => AppError::new(
            ErrorCode::BadBaseUrl,
            with_detail("Not found. Check the base URL in Settings."),
        ),
        413 => AppError::new(
            ErrorCode::TooLarge,
            "The conversation is too long for this model. Shorten it or start a new chat.",
        ),
        429 => AppError::new(
            ErrorCode::RateLimited,
            with_detail("CometAPI is busy (rate limited). Try again in a moment."),
        ),
        503 => AppError::new(
            ErrorCode::ModelUnavailable,
            with_detail(
                "This model is not available for your key right now. Try another model or later.",
            ),
        ),
        // Anthropic's "overloaded", relayed as is.
        529 => AppError::new(
            ErrorCode::ServerError,
            with_detail("The model's provider is overloaded. Try again in a moment."),
        ),
        504 | 524 => AppError::new(
            ErrorCode::Timeout,
            "CometAPI timed out waiting for the model. Try again.",
        ),
        _ if status.is_server_error() => AppError::new(
            ErrorCode::ServerError,
            with_detail(&format!("CometAPI failed ({status}).")),
        ),
        _ => AppError::new(
            ErrorCode::BadResponse,
            with_detail(&format!("Unexpected answer from CometAPI ({status}).")),
        ),
    }
}

/// A 500 with code `invalid_request` is the request's fault: retrying it
/// only repeats the failure (CometAPI docs).
pub(crate) fn is_invalid_request(body: &str) -> bool {
    server_message(body)
        .and_then(|(_, code)| code)
        .is_some_and(|c| c == "invalid_request")
}

/// An error in a 200 body or inside the stream.
pub(crate) fn from_envelope_message(message: &str) -> AppError {
    AppError::new(
        ErrorCode::ServerError,
        format!("CometAPI reported an error: {message}"),
    )
}

pub(crate) fn from_transport(err: &reqwest::Error) -> AppError {
    if err.is_timeout() {
        timed_out()
    } else if err.is_connect() {
        AppError::new(
            ErrorCode::Network,
            "Could not reach CometAPI. Check your internet connection, proxy and base URL.",
        )
    } else {
        AppError::new(
            ErrorCode::Network,
            "The connection to CometAPI failed. Try again.",
        )
    }
}

pub(crate) fn timed_out() -> AppError {
    AppError::new(
        ErrorCode::Timeout,
        "CometAPI stopped answering (timed out). Try again.",
    )
}

/// Removes the key from any text before it is shown or stored: an upstream
/// may echo request headers back in its error message.
pub fn redact(text: &str, key: &str) -> String {
    if key.len() < 4 {
        return text.to_owned();
    }
    text.replace(key, "sk-***")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_message_is_kept() {
        let body = r#"{"error":{"message":"model name is required (request id: x)","type":"comet_api_error","code":""}}"#;
        let err = from_status(StatusCode::BAD_REQUEST, body);
        assert_eq!(err.code, ErrorCode::BadRequest);
        assert!(err.message.contains("model name is required"));
    }

    #[test]
    fn html_and_redirects_point_at_the_base_url() {
        assert_eq!(
            from_status(StatusCode::OK, "<html><body>hi</body></html>").code,
            ErrorCode::BadBaseUrl
        );
        assert_eq!(
            from_status(StatusCode::MOVED_PERMANENTLY, "").code,
            ErrorCode::BadBaseUrl
        );
        assert_eq!(
            from_status(StatusCode::FORBIDDEN, "<html>blocked</html>").code,
            ErrorCode::Forbidden
        );
    }

    #[test]
    fn invalid_request_code_is_detected() {
        assert!(is_invalid_request(
            r#"{"error":{"message":"x","code":"invalid_request"}}"#
        ));
        assert!(!is_invalid_request(
            r#"{"error":{"message":"x","code":""}}"#
        ));
        assert!(!is_invalid_request("not json"));
    }

    #[test]
    fn redact_hides_the_key() {
        assert_eq!(
            redact("bad key sk-abcdef here", "sk-abcdef"),
            "bad key sk-*** here"
        );
    }
}
