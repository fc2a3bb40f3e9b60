//! When to try again: the exponential backoff schedule with jitter, and `Retry-After`
//! in both its forms. Pure apart from reading the clock for jitter seeds and HTTP dates.

use std::time::{Duration, SystemTime};

/// How failed attempts are retried. `FetchConfig` holds one; tests use tiny durations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so at most `retries + 1` requests per URL).
    pub retries: u32,
    /// The wait before the first retry; doubled for each later one.
    pub base: Duration,
    /// No computed backoff is longer than this.
    pub max_backoff: Duration,
    /// A `Retry-After` longer than this is not waited for: the fetch fails and says when
    /// to try again.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 3,
            base: Duration::from_millis(1000),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based), without jitter: `base · 2^retry`,
    /// capped at `max_backoff`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.base
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The backoff with "equal jitter": somewhere in `[b/2, b]` for backoff `b`, chosen by
    /// `unit`, a number in `[0, 1)`.
    pub(crate) fn jittered(&self, retry: u32, unit: f64) -> Duration {
        let b = self.backoff(retry);
        let half = b / 2;
        half + half.mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// A random number in `[0, 1)` from the standard library's hasher seeds: enough to spread
/// retries apart, not for anything else.
pub(crate) fn random_unit() -> f64 {
    use std::collections::hash_map::RandomState;
    use std::hash::BuildHasher;
    let x = RandomState::new().hash_one(SystemTime::now());
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses a `Retry-After` value: delta-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`), relative to `now`. A date in the past means "now".
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_schedule() {
        let p = RetryPolicy {
            retries: 10,
            base: Duration::from_millis(500),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        };
        let cases = [
            (0, 500),
            (1, 1000),
            (2, 2000),
            (3, 4000),
            (4, 5000),
            (31, 5000),
            (1000, 5000),
        ];
        for (retry, ms) in cases {
            assert_eq!(p.backoff(retry), Duration::from_millis(ms), "retry {retry}");
        }
        for (retry, unit, ms) in [
            (0, 0.0, 250),
            (0, 0.5, 375),
            (1, 0.999, 999),
            (9, 0.0, 2500),
        ] {
            assert_eq!(
                p.jittered(retry, unit).as_millis(),
                ms,
                "retry {retry} unit {unit}"
            );
        }
        let u = random_unit();
        assert!((0.0..1.0).contains(&u));
    }

    #[test]
    fn retry_after_forms() {
        // 2015-10-21T07:28:00Z
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let cases: &[(&str, Option<u64>)] = &[
            ("0", Some(0)),
            ("120", Some(120)),
            (" 7 ", Some(7)),
            ("Wed, 21 Oct 2015 07:28:30 GMT", Some(30)),
            ("Wed, 21 Oct 2015 07:29:00 GMT", Some(60)),
            // In the past: retry now.
            ("Wed, 21 Oct 2015 07:00:00 GMT", Some(0)),
            // The obsolete forms HTTP still allows.
            ("Wednesday, 21-Oct-15 07:28:10 GMT", Some(10)),
            ("Wed Oct 21 07:28:05 2015", Some(5)),
            ("-5", None),
            ("1.5", None),
            ("soon", None),
            ("", None),
        ];
        for (value, want) in cases {
            assert_eq!(
                parse_retry_after(value, now),
                want.map(Duration::from_secs),
                "{value:?}"
            );
        }
    }
}
