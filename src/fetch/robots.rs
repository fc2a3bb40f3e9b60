//! robots.txt: parsing and matching as RFC 9309 describes it. Pure: the fetcher downloads
//! the file once per host and asks [`Robots::allows`] before every request.
//!
//! Groups are selected by product token: the group(s) whose `User-agent` equals ours
//! (case-insensitively) if any, else the `*` group(s). Within the selected rules the longest
//! matching pattern wins, and `Allow` wins a tie. Patterns support `*` (any run of
//! characters) and a trailing `$` (end of path). `/robots.txt` itself is always allowed.

/// One `Allow` or `Disallow` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    pattern: String,
}

/// The rules of one robots.txt that apply to one user agent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Robots {
    rules: Vec<Rule>,
    /// The `Sitemap:` URLs, as written (they belong to no group).
    sitemaps: Vec<String>,
}

impl Robots {
    /// A robots.txt that allows everything (what a missing file means).
    pub fn allow_all() -> Self {
        Robots::default()
    }

    /// Parses `text` and keeps the rules that apply to `agent` (a product token such as
    /// `soundtracks`).
    pub fn parse(text: &str, agent: &str) -> Self {
        let agent = agent.to_ascii_lowercase();
        // (agents of the group, rules of the group)
        let mut groups: Vec<(Vec<String>, Vec<Rule>)> = Vec::new();
        let mut in_agents = false;
        let mut sitemaps = Vec::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push((Vec::new(), Vec::new()));
                        in_agents = true;
                    }
                    if let Some(g) = groups.last_mut() {
                        g.0.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    // Rules before any User-agent line belong to no group.
                    let Some(g) = groups.last_mut() else { continue };
                    if value.is_empty() {
                        // `Disallow:` with no path allows everything: no rule.
                        continue;
                    }
                    g.1.push(Rule {
                        allow: key == "allow",
                        pattern: value.to_string(),
                    });
                }
                "sitemap" if !value.is_empty() && !sitemaps.iter().any(|s| s == value) => {
                    sitemaps.push(value.to_string());
                }
                _ => {
                    // Sitemap, Crawl-delay and unknown lines do not end a group's agents.
                }
            }
        }
        let ours: Vec<Rule> = groups
            .iter()
            .filter(|(agents, _)| agents.contains(&agent))
            .flat_map(|(_, rules)| rules.iter().cloned())
            .collect();
        let rules = if groups.iter().any(|(agents, _)| agents.contains(&agent)) {
            ours
        } else {
            groups
                .iter()
                .filter(|(agents, _)| agents.iter().any(|a| a == "*"))
                .flat_map(|(_, rules)| rules.iter().cloned())
                .collect()
        };
        Robots { rules, sitemaps }
    }

    /// The sitemaps the file names (`Sitemap:` lines, in order, duplicates dropped).
    pub fn sitemaps(&self) -> &[String] {
        &self.sitemaps
    }

    /// Whether `path` (the URL's path plus `?query`, starting with `/`) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if pattern_matches(&rule.pattern, path) {
                let len = rule.pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, rule.allow)),
                };
            }
        }
        best.map(|(_, allow)| allow).unwrap_or(true)
    }
}

/// Whether a robots.txt pattern matches the start of `path`.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let pieces: Vec<&str> = pattern.split('*').collect();
    // The first piece must match at the start; each later piece anywhere after the previous.
    let Some(rest) = path.strip_prefix(pieces[0]) else {
        return false;
    };
    if pieces.len() == 1 {
        return !anchored || rest.is_empty();
    }
    let mut rest = rest;
    let last = pieces.len() - 1;
    for (i, piece) in pieces.iter().enumerate().skip(1) {
        if i == last && anchored {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# comment
User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /*?replytocom=
Disallow: /private$

User-agent: BadBot
User-agent: OtherBot
Disallow: /

Sitemap: https://example.com/sitemap.xml
";

    #[test]
    fn sitemap_lines() {
        let text = "Sitemap: https://example.com/sitemap.xml\nUser-agent: *\nDisallow: /x\n\
                    sitemap:https://example.com/news-sitemap.xml\nSitemap: https://example.com/sitemap.xml\nSitemap:\n";
        let robots = Robots::parse(text, "soundtracks");
        assert_eq!(
            robots.sitemaps(),
            [
                "https://example.com/sitemap.xml",
                "https://example.com/news-sitemap.xml"
            ]
        );
        assert!(!robots.allows("/x"));
        assert!(Robots::parse(FILE, "x").sitemaps() == ["https://example.com/sitemap.xml"]);
        assert!(Robots::allow_all().sitemaps().is_empty());
    }

    #[test]
    fn table_of_paths() {
        let cases: &[(&str, &str, &str, bool)] = &[
            // (file, agent, path, allowed)
            (FILE, "soundtracks", "/2023/05/08/post/", true),
            (FILE, "soundtracks", "/wp-admin/", false),
            (FILE, "soundtracks", "/wp-admin/options.php", false),
            (FILE, "soundtracks", "/wp-admin/admin-ajax.php", true),
            (FILE, "soundtracks", "/post/?replytocom=5", false),
            (FILE, "soundtracks", "/private", false),
            (FILE, "soundtracks", "/private/x", true),
            (FILE, "badbot", "/anything", false),
            (FILE, "OtherBot", "/anything", false),
            (FILE, "badbot", "/robots.txt", true),
            // Our own group replaces `*` entirely.
            (
                "User-agent: *\nDisallow: /\n\nUser-agent: soundtracks\nAllow: /\n",
                "soundtracks",
                "/x",
                true,
            ),
            (
                "User-agent: *\nDisallow: /\n\nUser-agent: Soundtracks\nDisallow: /feed/\n",
                "soundtracks",
                "/x",
                true,
            ),
            (
                "User-agent: soundtracks\nDisallow: /feed/\n",
                "soundtracks",
                "/feed/",
                false,
            ),
            // Longest match wins; Allow wins a tie.
            (
                "User-agent: *\nDisallow: /a\nAllow: /a/b\n",
                "x",
                "/a/b/c",
                true,
            ),
            (
                "User-agent: *\nAllow: /a\nDisallow: /a/b\n",
                "x",
                "/a/b/c",
                false,
            ),
            ("User-agent: *\nAllow: /a\nDisallow: /a\n", "x", "/a", true),
            // Empty Disallow allows all; no file allows all.
            ("User-agent: *\nDisallow:\n", "x", "/a", true),
            ("", "x", "/a", true),
            // Wildcards.
            ("User-agent: *\nDisallow: /*.php$\n", "x", "/a/b.php", false),
            (
                "User-agent: *\nDisallow: /*.php$\n",
                "x",
                "/a/b.php?x=1",
                true,
            ),
            ("User-agent: *\nDisallow: /a*c*e\n", "x", "/abcde", false),
            ("User-agent: *\nDisallow: /a*c*e\n", "x", "/abde", true),
            ("User-agent: *\nDisallow: /a*c*e\n", "x", "/abd", true),
        ];
        for (file, agent, path, want) in cases {
            let got = Robots::parse(file, agent).allows(path);
            assert_eq!(got, *want, "agent {agent} path {path} in\n{file}");
        }
    }
}
