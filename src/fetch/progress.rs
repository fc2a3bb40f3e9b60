//! Progress events: what the fetcher and `refresh` report as they go, one event per page,
//! index, look-up or found part. The library never prints; whoever builds the
//! [`crate::fetch::FetchConfig`] decides where events go (the binary prints one line each).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use super::{FetchError, IndexKind, LookUp, Outcome};

/// One thing that happened.
#[derive(Debug)]
pub enum Event<'a> {
    /// A page answered, or failed.
    Page {
        url: &'a Url,
        result: &'a Result<Outcome, FetchError>,
        took: Duration,
    },
    /// A feed or sitemap answered (`Ok(None)`: not there, or disallowed), or failed.
    Index {
        url: &'a Url,
        kind: IndexKind,
        result: &'a Result<Option<Vec<u8>>, FetchError>,
        took: Duration,
    },
    /// A `?name=` look-up answered, or failed.
    LookUp {
        url: &'a Url,
        result: &'a Result<LookUp, FetchError>,
        took: Duration,
    },
    /// The Wayback Machine answered (`status`), or the request failed (`None`).
    Archive {
        url: &'a Url,
        status: Option<u16>,
        bytes: usize,
        took: Duration,
    },
    /// Discovery found a part of the series, by the source named.
    Found {
        part: u32,
        url: &'a Url,
        source: &'a str,
    },
}

/// A callback that receives events, from any thread.
type Report = dyn Fn(&Event<'_>) + Send + Sync;

/// Where events go: a shared callback, or nowhere.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<Report>>);

impl Progress {
    /// Events are dropped.
    pub fn none() -> Self {
        Progress(None)
    }

    /// Events are handed to `report`, from any thread.
    pub fn to(report: impl Fn(&Event<'_>) + Send + Sync + 'static) -> Self {
        Progress(Some(Arc::new(report)))
    }

    /// Reports one event.
    pub(crate) fn emit(&self, event: &Event<'_>) {
        if let Some(report) = &self.0 {
            report(event);
        }
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(callback)"
        } else {
            "Progress(none)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn events_reach_the_callback_and_none_drops_them() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let progress = Progress::to(move |e| {
            if let Event::Found { part, .. } = e {
                sink.lock().unwrap().push(*part);
            }
        });
        let url = Url::parse("https://example.org/a-part-two/").unwrap();
        progress.emit(&Event::Found {
            part: 2,
            url: &url,
            source: "links",
        });
        Progress::none().emit(&Event::Found {
            part: 3,
            url: &url,
            source: "links",
        });
        assert_eq!(*seen.lock().unwrap(), vec![2]);
        assert_eq!(format!("{:?}", Progress::none()), "Progress(none)");
    }
}
