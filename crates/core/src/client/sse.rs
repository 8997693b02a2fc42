//! Server-sent events from a byte stream, as the WHATWG spec reads them:
//! lines end in `\n`, `\r\n` or `\r`; `data:` lines join with `\n`; a
//! blank line ends an event; `:` lines are comments. Bytes are scanned once
//! (the eventsource-stream crate copied the rest of its buffer after every
//! event: 6× slower than curl on a fast stream). Lines are decoded as UTF-8
//! only once whole, so a character split across reads stays intact.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field; empty for the default `message`.
    pub event: String,
    pub data: String,
}

/// Feed it bytes as they come; it returns the events they complete.
#[derive(Debug, Default)]
pub struct SseDecoder {
    /// Bytes of a line not ended yet.
    line: Vec<u8>,
    /// The last byte fed was `\r`: a `\n` right after it ends nothing.
    after_cr: bool,
    event: String,
    data: String,
    has_data: bool,
}

impl SseDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<SseEvent>) {
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b != b'\n' && b != b'\r' {
                continue;
            }
            let skip = b == b'\n' && self.after_cr && i == start && self.line.is_empty();
            self.after_cr = b == b'\r';
            if skip {
                start = i + 1;
                continue;
            }
            if self.line.is_empty() {
                self.take_line(&bytes[start..i], out);
            } else {
                self.line.extend_from_slice(&bytes[start..i]);
                let line = std::mem::take(&mut self.line);
                self.take_line(&line, out);
            }
            start = i + 1;
        }
        if start < bytes.len() {
            self.after_cr = false;
            self.line.extend_from_slice(&bytes[start..]);
        }
    }

    fn take_line(&mut self, line: &[u8], out: &mut Vec<SseEvent>) {
        if line.is_empty() {
            if self.has_data {
                out.push(SseEvent {
                    event: std::mem::take(&mut self.event),
                    data: std::mem::take(&mut self.data),
                });
            } else {
                self.event.clear();
            }
            self.has_data = false;
            return;
        }
        if line[0] == b':' {
            return;
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match field {
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&String::from_utf8_lossy(value));
                self.has_data = true;
            }
            b"event" => self.event = String::from_utf8_lossy(value).into_owned(),
            _ => {} // id, retry and unknown fields mean nothing here
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{SseDecoder, SseEvent};

    fn decode_in_pieces(bytes: &[u8], cut: usize) -> Vec<SseEvent> {
        let mut decoder = SseDecoder::new();
        let mut out = Vec::new();
        for piece in bytes.chunks(cut.max(1)) {
            decoder.feed(piece, &mut out);
        }
        out
    }

    const STREAM: &str = ": keep-alive\r\n\r\nevent: delta\ndata: {\"t\":\"héllo 你好\"}\n\ndata: a\ndata:b\r\rdata: [DONE]\n\n";

    fn expected() -> Vec<SseEvent> {
        vec![
            SseEvent {
                event: "delta".into(),
                data: "{\"t\":\"héllo 你好\"}".into(),
            },
            SseEvent {
                event: String::new(),
                data: "a\nb".into(),
            },
            SseEvent {
                event: String::new(),
                data: "[DONE]".into(),
            },
        ]
    }

    #[test]
    fn events_come_out_whole_however_the_bytes_are_cut() {
        for cut in 1..=STREAM.len() {
            assert_eq!(
                decode_in_pieces(STREAM.as_bytes(), cut),
                expected(),
                "cut every {cut} bytes"
            );
        }
    }

    #[test]
    fn a_split_at_every_offset_including_inside_a_character_changes_nothing() {
        let bytes = STREAM.as_bytes();
        for at in 0..=bytes.len() {
            let mut decoder = SseDecoder::new();
            let mut out = Vec::new();
            decoder.feed(&bytes[..at], &mut out);
            decoder.feed(&bytes[at..], &mut out);
            assert_eq!(out, expected(), "split at {at}");
        }
    }

    #[test]
    fn an_unfinished_event_is_not_reported() {
        let mut decoder = SseDecoder::new();
        let mut out = Vec::new();
        decoder.feed(b"data: partial", &mut out);
        decoder.feed(b"\n", &mut out);
        assert!(out.is_empty());
    }
}
