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

fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

pub fn calls_csv(rows: &[ApiCall]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for r in rows {
        let cells = [
            rfc3339(r.created_at.unwrap_or_default()),
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

    #[test]
    fn times_are_utc_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_365_545_000), "2026-11-22T16:39:05Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
    }
}
