//! HTTP range requests on the app's file scheme: a video element asks
//! for `bytes=N-` to seek, and is answered that part alone, so a clip
//! seeks without being read again from the start (nor whole into memory).

/// A part answered at most: an open range (`bytes=N-`) is answered with
/// this much, and the player asks for the next part when it needs it.
pub const MAX_PART: u64 = 4 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAnswer {
    /// No range asked for: the whole file.
    Whole,
    /// Bytes `start..=end` of the file (206).
    Part { start: u64, end: u64 },
    /// Outside the file (416).
    Unsatisfiable,
}

/// Reads a `Range` header for a file of `len` bytes (one range only;
/// several ranges are answered with the first).
pub fn byte_range(header: Option<&str>, len: u64) -> RangeAnswer {
    byte_range_within(header, len, MAX_PART)
}

/// The same, with parts as long as `max_part` (the loopback media server
/// streams whole ranges; the file scheme answers in memory, 4 MB at most).
pub fn byte_range_within(header: Option<&str>, len: u64, max_part: u64) -> RangeAnswer {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeAnswer::Whole;
    };
    let first = spec.split(',').next().unwrap_or("").trim();
    let Some((a, b)) = first.split_once('-') else {
        return RangeAnswer::Whole;
    };
    let (a, b) = (a.trim(), b.trim());
    if len == 0 {
        return RangeAnswer::Unsatisfiable;
    }
    let (start, end) = match (a.parse::<u64>().ok(), b.parse::<u64>().ok()) {
        // The last `n` bytes.
        (None, Some(n)) if a.is_empty() && n > 0 => (len.saturating_sub(n), len - 1),
        (Some(start), None) if b.is_empty() => {
            (start, start.saturating_add(max_part - 1).min(len - 1))
        }
        (Some(start), Some(end)) if end >= start => (
            start,
            end.min(len - 1).min(start.saturating_add(max_part - 1)),
        ),
        _ => return RangeAnswer::Whole,
    };
    if start >= len {
        return RangeAnswer::Unsatisfiable;
    }
    RangeAnswer::Part { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_as_players_send_them() {
        assert_eq!(byte_range(None, 100), RangeAnswer::Whole);
        assert_eq!(
            byte_range(Some("bytes=0-"), 100),
            RangeAnswer::Part { start: 0, end: 99 }
        );
        assert_eq!(
            byte_range(Some("bytes=10-19"), 100),
            RangeAnswer::Part { start: 10, end: 19 }
        );
        assert_eq!(
            byte_range(Some("bytes=90-200"), 100),
            RangeAnswer::Part { start: 90, end: 99 }
        );
        assert_eq!(
            byte_range(Some("bytes=-10"), 100),
            RangeAnswer::Part { start: 90, end: 99 }
        );
        assert_eq!(
            byte_range(Some("bytes=100-"), 100),
            RangeAnswer::Unsatisfiable
        );
        assert_eq!(byte_range(Some("bytes=5-1"), 100), RangeAnswer::Whole);
        assert_eq!(byte_range(Some("items=1-2"), 100), RangeAnswer::Whole);
        let big = 50 * MAX_PART;
        assert_eq!(
            byte_range(Some("bytes=0-"), big),
            RangeAnswer::Part {
                start: 0,
                end: MAX_PART - 1
            }
        );
    }
}
