//! The network options `fetch` and `refresh` share, with their defaults taken from the
//! library's [`FetchConfig::default`] (one home), logging set-up, the runtime, and the one
//! progress line printed per request.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use reqwest::Url;
use soundtracks::fetch::{Event, FetchConfig, FetchError, IndexKind, LookUp, Outcome, Progress};

/// A number of seconds ≥ 0 on the command line (`1`, `0.25`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Secs(pub Duration);

impl FromStr for Secs {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        text.trim()
            .parse::<f64>()
            .ok()
            .and_then(|v| Duration::try_from_secs_f64(v).ok())
            .map(Secs)
            .ok_or_else(|| format!("`{text}` is not a number of seconds ≥ 0 (e.g. 1 or 0.5)"))
    }
}

impl fmt::Display for Secs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.as_secs_f64())
    }
}

fn defaults() -> FetchConfig {
    FetchConfig::default()
}

/// The politeness and network options shared by `fetch` and `refresh`.
#[derive(Debug, Clone, clap::Args)]
pub struct NetArgs {
    /// Seconds between two requests to the same host (robots.txt and retries included).
    #[arg(long, default_value_t = Secs(defaults().delay), value_name = "SECS")]
    pub delay: Secs,
    /// Seconds allowed for one whole request, body included.
    #[arg(long, default_value_t = Secs(defaults().timeout), value_name = "SECS")]
    pub timeout: Secs,
    /// Seconds allowed to open a connection.
    #[arg(long, default_value_t = Secs(defaults().connect_timeout), value_name = "SECS")]
    pub connect_timeout: Secs,
    /// Retries after a connection error, a timeout, HTTP 429 or 5xx (with exponential
    /// backoff and jitter, honouring Retry-After up to 120 s); other 4xx fail at once.
    #[arg(long, default_value_t = defaults().retry.retries, value_name = "N")]
    pub retries: u32,
    /// Largest response body accepted, in bytes.
    #[arg(long, default_value_t = defaults().max_bytes, value_name = "BYTES")]
    pub max_bytes: u64,
    /// Pages fetched at the same time (requests to one host are still spaced by --delay).
    #[arg(long, default_value_t = defaults().concurrency as u16, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: u16,
    /// Log detail (requests, headers sent, retries, robots.txt decisions, which source
    /// found which part) to stderr; RUST_LOG=soundtracks=debug does the same.
    #[arg(short, long)]
    pub verbose: bool,
}

impl NetArgs {
    /// The fetch settings these options describe, printing progress on stderr.
    pub fn config(&self) -> FetchConfig {
        let mut config = FetchConfig {
            delay: self.delay.0,
            timeout: self.timeout.0,
            connect_timeout: self.connect_timeout.0,
            max_bytes: self.max_bytes,
            concurrency: usize::from(self.concurrency),
            progress: Progress::to(|event| eprintln!("{}", line(event))),
            ..defaults()
        };
        config.retry.retries = self.retries;
        config
    }
}

/// Turns on `tracing` output on stderr: debug for the crate with `-v`, else `RUST_LOG`,
/// else warnings only. Calling it twice is harmless.
pub fn init_logging(verbose: bool) {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    // `Targets` reads `target=level,…` directives, all this tool's logging needs. (`EnvFilter`
    // also matches span fields, with regexes: its feature made every regex in the parser
    // build a full DFA when compiled, a large part of a fixture `build`; BENCHMARKS.md.)
    let warn = || Targets::new().with_default(LevelFilter::WARN);
    let filter = if verbose {
        Targets::new().with_target("soundtracks", LevelFilter::DEBUG)
    } else {
        std::env::var("RUST_LOG")
            .ok()
            .and_then(|v| v.parse::<Targets>().ok())
            .unwrap_or_else(warn)
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .without_time()
        .finish()
        .with(filter)
        .try_init();
}

/// A tokio runtime for one command.
pub fn runtime() -> Result<tokio::runtime::Runtime, FetchError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| FetchError::Client {
            reason: e.to_string(),
        })
}

/// `52.1 KiB`.
pub fn human_bytes(n: u64) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    }
}

/// The one line printed per event: status, size (or what happened), time, URL.
pub fn line(event: &Event<'_>) -> String {
    match event {
        Event::Page { url, result, took } => page_line(url, result, *took),
        Event::Index {
            url,
            kind,
            result,
            took,
        } => {
            let label = match kind {
                IndexKind::Feed => "feed",
                IndexKind::Sitemap => "sitemap",
            };
            let t = took.as_secs_f64();
            match result {
                Ok(Some(body)) => format!(
                    "200 {:>10} {t:>6.2}s  {url} ({label})",
                    human_bytes(body.len() as u64)
                ),
                Ok(None) => format!("--- {:>10} {t:>6.2}s  {url} (no {label})", "skipped"),
                Err(_) => format!("ERR {:>10} {t:>6.2}s  {url} ({label})", "failed"),
            }
        }
        Event::LookUp { url, result, took } => {
            let t = took.as_secs_f64();
            match result {
                Ok(LookUp::Redirect(to)) => format!("301 {:>10} {t:>6.2}s  {url} -> {to}", "found"),
                Ok(LookUp::Missing) => format!("--- {:>10} {t:>6.2}s  {url}", "no such"),
                Err(_) => format!("ERR {:>10} {t:>6.2}s  {url} (look-up)", "failed"),
            }
        }
        Event::Archive {
            url,
            status,
            bytes,
            took,
        } => {
            let t = took.as_secs_f64();
            match status {
                Some(s) => format!(
                    "{s} {:>10} {t:>6.2}s  {url} (archive)",
                    human_bytes(*bytes as u64)
                ),
                None => format!("ERR {:>10} {t:>6.2}s  {url} (archive)", "failed"),
            }
        }
        Event::Found { part, url, source } => format!("found Part {part} at {url} ({source})"),
    }
}

fn page_line(url: &Url, result: &Result<Outcome, FetchError>, took: Duration) -> String {
    let t = took.as_secs_f64();
    match result {
        Ok(Outcome::NotModified { .. }) => format!("304 {:>10} {t:>6.2}s  {url}", "unchanged"),
        Ok(Outcome::Fetched(p)) if p.same_as_stored => {
            format!(
                "{} {:>10} {t:>6.2}s  {url} (same bytes as saved)",
                p.status, "unchanged"
            )
        }
        Ok(Outcome::Fetched(p)) => format!(
            "{} {:>10} {t:>6.2}s  {url}",
            p.status,
            human_bytes(p.bytes.len() as u64)
        ),
        // Why is in the error the command ends with (or, for a page the archive gave
        // instead, in the report): said once, not here too.
        Err(_) => format!("ERR {:>10} {t:>6.2}s  {url}", "failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_on_the_command_line() {
        let cases: &[(&str, Option<u64>)] = &[
            ("1", Some(1000)),
            ("0", Some(0)),
            ("0.25", Some(250)),
            (" 2.5 ", Some(2500)),
            ("-1", None),
            ("NaN", None),
            ("inf", None),
            ("soon", None),
        ];
        for (text, want) in cases {
            let got = text.parse::<Secs>().ok().map(|d| d.0.as_millis() as u64);
            assert_eq!(got, *want, "{text:?}");
        }
        assert_eq!(Secs(Duration::from_secs(1)).to_string(), "1");
        assert_eq!(Secs(Duration::from_millis(500)).to_string(), "0.5");
    }

    #[test]
    fn sizes() {
        let cases = [
            (0, "0 B"),
            (1023, "1023 B"),
            (1024, "1.0 KiB"),
            (45_324, "44.3 KiB"),
            (10 * 1024 * 1024, "10.0 MiB"),
        ];
        for (n, want) in cases {
            assert_eq!(human_bytes(n), want);
        }
    }

    #[test]
    fn event_lines() {
        let url = Url::parse("https://example.org/p/").unwrap();
        let to = Url::parse("https://example.org/2023/05/09/p/").unwrap();
        let took = Duration::from_millis(250);
        let cases = [
            (
                line(&Event::LookUp {
                    url: &url,
                    result: &Ok(LookUp::Redirect(to.clone())),
                    took,
                }),
                "301      found   0.25s  https://example.org/p/ -> https://example.org/2023/05/09/p/",
            ),
            (
                line(&Event::Index {
                    url: &url,
                    kind: IndexKind::Sitemap,
                    result: &Ok(None),
                    took,
                }),
                "---    skipped   0.25s  https://example.org/p/ (no sitemap)",
            ),
            (
                line(&Event::Found {
                    part: 2,
                    url: &to,
                    source: "slug look-ups",
                }),
                "found Part 2 at https://example.org/2023/05/09/p/ (slug look-ups)",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }
}
