//! The calls of a range as CSV (RFC 4180), one row per call. Columns, in
//! order, are `CSV_COLUMNS`; times are UTC in RFC 3339; money is USD.

use crate::store::ApiCall;

pub const CSV_COLUMNS: &[&str] = &[
    "time_utc",
    "kind",
    "model",
    "endpoint",
    "status",
    "error_code",
    "attempts",
    "latency_ms",
    "first_token_ms",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "estimated",
    "price_input_per_m_usd",
    "price_output_per_m_usd",
    "price_per_request_usd",
    "cost_usd",
    "conversation_id",
    "message_id",
];

/// Quotes a field when it must be; a field a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe.
fn field(text: &str) -> String {
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if text.parse::<f64>().is_err() => {
            format!("'{text}")
        }
        _ => text.to_owned(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn calls_csv(rows: &[ApiCall]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for r in rows {
        let cells = [
            crate::utc::rfc3339(r.created_at.unwrap_or_default()),
            field(r.kind.as_str()),
            field(&r.model),
            field(&r.endpoint),
            opt(r.status),
            field(r.error_code.as_deref().unwrap_or_default()),
            r.attempts.to_string(),
            r.latency_ms.to_string(),
            opt(r.first_token_ms),
            opt(r.prompt_tokens),
            opt(r.completion_tokens),
            opt(r.total_tokens),
            u8::from(r.estimated).to_string(),
            opt(r.price.as_ref().and_then(|p| p.input_per_m)),
            opt(r.price.as_ref().and_then(|p| p.output_per_m)),
            opt(r.price.as_ref().and_then(|p| p.per_request)),
            opt(r.cost_usd),
            opt(r.conversation_id),
            opt(r.message_id),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_escaped_and_formulas_defused() {
        assert_eq!(field("gpt-4o"), "gpt-4o");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "-1");
        assert_eq!(field("@cmd"), "'@cmd");
    }
}
