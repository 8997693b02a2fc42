//! Coalesces text deltas so the UI gets at most one update per interval.
//! Nothing is dropped: held text goes out with the next update or flush.

use std::time::{Duration, Instant};

pub struct DeltaThrottle {
    interval: Duration,
    last_emit: Option<Instant>,
    pending: String,
}

impl DeltaThrottle {
    pub fn new(interval: Duration) -> Self {
        Self {
            interval,
            last_emit: None,
            pending: String::new(),
        }
    }

    /// Adds text; returns what to send now, if the interval has passed.
    /// The very first delta always goes out at once.
    pub fn push(&mut self, text: &str, now: Instant) -> Option<String> {
        self.pending.push_str(text);
        match self.last_emit {
            Some(last) if now.duration_since(last) < self.interval => None,
            _ => self.take(now),
        }
    }

    /// When held text is due, if any is held.
    pub fn deadline(&self) -> Option<Instant> {
        if self.pending.is_empty() {
            return None;
        }
        Some(
            self.last_emit
                .map_or_else(Instant::now, |last| last + self.interval),
        )
    }

    /// Sends whatever is held (on a deadline, or at the end).
    pub fn flush(&mut self, now: Instant) -> Option<String> {
        self.take(now)
    }

    fn take(&mut self, now: Instant) -> Option<String> {
        if self.pending.is_empty() {
            return None;
        }
        self.last_emit = Some(now);
        Some(std::mem::take(&mut self.pending))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_goes_at_once_rest_is_coalesced_and_nothing_lost() {
        let start = Instant::now();
        let mut t = DeltaThrottle::new(Duration::from_millis(33));
        assert_eq!(t.push("a", start).as_deref(), Some("a"));
        assert_eq!(t.push("b", start + Duration::from_millis(5)), None);
        assert_eq!(t.push("c", start + Duration::from_millis(10)), None);
        assert_eq!(t.deadline(), Some(start + Duration::from_millis(33)));
        assert_eq!(
            t.push("d", start + Duration::from_millis(40)).as_deref(),
            Some("bcd")
        );
        assert_eq!(t.push("e", start + Duration::from_millis(41)), None);
        assert_eq!(
            t.flush(start + Duration::from_millis(42)).as_deref(),
            Some("e")
        );
        assert_eq!(t.flush(start + Duration::from_millis(43)), None);
        assert_eq!(t.deadline(), None);
    }

    #[test]
    fn a_thousand_deltas_in_a_burst_become_few_updates() {
        let start = Instant::now();
        let mut t = DeltaThrottle::new(Duration::from_millis(33));
        let mut out = String::new();
        let mut updates = 0;
        for i in 0..1000u64 {
            if let Some(s) = t.push("x", start + Duration::from_micros(i * 100)) {
                out.push_str(&s);
                updates += 1;
            }
        }
        if let Some(s) = t.flush(start + Duration::from_millis(100)) {
            out.push_str(&s);
            updates += 1;
        }
        assert_eq!(out.len(), 1000);
        assert!(updates <= 5, "{updates} updates for 100 ms");
    }
}
