//! Misbehaviour chosen per request by magic words in the last user message:
//!
//! | word | effect |
//! |---|---|
//! | `[[fault:401]]` `[[fault:403]]` `[[fault:500]]` `[[fault:503]]` `[[fault:504]]` `[[fault:524]]` | that status with the error envelope |
//! | `[[fault:429]]` | 429 with `Retry-After: 1`; `[[fault:429-bare]]` without it |
//! | `[[fault:403-html]]` | an HTML 403 page, as a firewall sends |
//! | `[[fault:301]]` | a redirect to an HTML page |
//! | `[[fault:flaky:N]]` | 503 for the first N requests with this prompt, then a normal answer |
//! | `[[fault:drop:N]]` | the connection is cut after N chunks |
//! | `[[fault:stall:N]]` | silence forever after N chunks |
//! | `[[fault:slow:MS]]` | MS milliseconds between chunks |
//! | `[[fault:nousage]]` | no usage chunk |
//! | `[[fault:json]]` | one JSON body although a stream was asked for |
//! | `[[fault:error200]]` | a 200 whose body is an error envelope |
//! | `[[fault:midstream-error:N]]` | an error object in the stream after N chunks |
//! | `[[fault:400-echo]]` | a 400 whose message quotes the Authorization header |
//! | `[[words:N]]` | an answer of N words |
//! | `[[essay:N]]` | N words in paragraphs of 50, a code block every 1,000 |
//! | `[[fault:garbage]]` | malformed SSE lines (bad JSON, no `data:`, odd fields) among the chunks |
//! | `[[fault:usage-delta]]` | the usage chunk has `choices:[{"delta":{}}]` instead of `[]` |
//! | `[[fault:bytewise]]` | the stream sent one byte per HTTP chunk, splitting events and characters |
//! | `[[big:MB]]` | an answer of MB megabytes, in 64 KB chunks |
//! | `[[stamps:N]]` | N chunks, each `⟨t:µs⟩`: the wall-clock time it was sent |
//! | `[[diagram]]` | an answer with a Mermaid flowchart; `[[diagram:broken]]` one Mermaid cannot read, `[[diagram:pie]]` a kind the app leaves out |

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Faults {
    pub status: Option<u16>,
    pub html_403: bool,
    pub redirect: bool,
    pub retry_after: bool,
    pub flaky: Option<u32>,
    pub drop_after: Option<usize>,
    pub stall_after: Option<usize>,
    pub midstream_error_after: Option<usize>,
    pub slow_ms: Option<u64>,
    pub no_usage: bool,
    pub json_body: bool,
    pub error_200: bool,
    pub echo_key: bool,
    /// The caller's Authorization header, quoted by the mid-stream error as
    /// careless upstreams do.
    pub caller_token: String,
    pub words: Option<usize>,
    pub essay: Option<usize>,
    pub stamps: Option<usize>,
    pub garbage: bool,
    pub usage_in_delta: bool,
    pub bytewise: bool,
    pub big_mb: Option<usize>,
    /// A Mermaid diagram in the answer (`chat::DIAGRAMS`).
    pub diagram: Option<String>,
    /// A reasoning model's thinking (`thinking.rs`).
    pub think: Option<crate::thinking::Think>,
}

pub(crate) fn parse(prompt: &str) -> Faults {
    let mut faults = Faults::default();
    for word in magic_words(prompt) {
        let mut parts = word.split(':');
        let kind = parts.next().unwrap_or_default();
        let arg = parts.next().unwrap_or_default();
        let param = parts.next();
        let number = |s: Option<&str>| s.and_then(|v| v.parse::<u64>().ok());
        match (kind, arg) {
            ("words", n) => faults.words = number(Some(n)).map(|n| n as usize),
            ("essay", n) => faults.essay = number(Some(n)).map(|n| n as usize),
            ("big", n) => faults.big_mb = number(Some(n)).map(|n| n as usize),
            ("fault", "garbage") => faults.garbage = true,
            ("fault", "usage-delta") => faults.usage_in_delta = true,
            ("fault", "bytewise") => faults.bytewise = true,
            ("stamps", n) => faults.stamps = number(Some(n)).map(|n| n as usize),
            ("fault", "429") => {
                faults.status = Some(429);
                faults.retry_after = true;
            }
            ("fault", "429-bare") => faults.status = Some(429),
            ("fault", "403-html") => faults.html_403 = true,
            ("fault", "301") => faults.redirect = true,
            ("fault", "flaky") => faults.flaky = number(param).map(|n| n as u32),
            ("fault", "drop") => faults.drop_after = number(param).map(|n| n as usize),
            ("fault", "stall") => faults.stall_after = number(param).map(|n| n as usize),
            ("fault", "midstream-error") => {
                faults.midstream_error_after = number(param).map(|n| n as usize)
            }
            ("fault", "slow") => faults.slow_ms = number(param),
            ("fault", "nousage") => faults.no_usage = true,
            ("fault", "json") => faults.json_body = true,
            ("fault", "error200") => faults.error_200 = true,
            ("fault", "400-echo") => faults.echo_key = true,
            ("fault", code) => faults.status = code.parse().ok(),
            ("diagram", shape) => faults.diagram = Some(shape.to_owned()),
            _ => {}
        }
    }
    faults.think = crate::thinking::parse(prompt);
    faults
}

fn magic_words(prompt: &str) -> Vec<&str> {
    prompt
        .split("[[")
        .skip(1)
        .filter_map(|rest| rest.split_once("]]").map(|(word, _)| word))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_anywhere() {
        let f = parse("hello [[fault:drop:3]] and [[words:10]]");
        assert_eq!(f.drop_after, Some(3));
        assert_eq!(f.words, Some(10));
        assert_eq!(parse("[[fault:503]]").status, Some(503));
        assert_eq!(parse("[[fault:flaky:2]]").flaky, Some(2));
    }
}
