//! The messages the Worker sent, as the tests see them: `wrangler dev`
//! simulates the `send_email` binding by parsing each message, writing it to
//! an `.eml` file and logging that file's path (after "send_email binding
//! called with the following message:"). `cargo xtask test` passes the
//! server log's path in `COMMONS_SERVER_LOG`; these helpers find every
//! `.eml` path in it and parse the files as MIME, so a test reads exactly
//! what left the Worker.

use std::time::{Duration, Instant};

use mail_parser::{MessageParser, MimeHeaders};

/// One captured message, decoded.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The file wrangler wrote.
    pub path: String,
    /// `To:` addresses.
    pub to: Vec<String>,
    /// `From:` address.
    pub from: String,
    /// The decoded subject.
    pub subject: String,
    /// The decoded plain-text body.
    pub text: String,
    /// The raw `Content-Type` of the message.
    pub content_type: String,
}

/// Every `.eml` path in the server log, in the order they were logged.
fn eml_paths() -> Vec<String> {
    let log = std::env::var("COMMONS_SERVER_LOG").expect("COMMONS_SERVER_LOG (run via cargo xtask test)");
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let mut out = Vec::new();
    for line in text.lines() {
        if let (Some(start), Some(end)) = (line.find('/'), line.rfind(".eml")) {
            if start < end {
                out.push(line[start..end + 4].to_string());
            }
        }
    }
    out
}

/// Parses one `.eml` file.
fn parse(path: &str) -> Option<Mail> {
    let raw = std::fs::read(path).ok()?;
    let m = MessageParser::default().parse(&raw)?;
    let addrs = |a: Option<&mail_parser::Address>| -> Vec<String> {
        a.map(|a| a.iter().filter_map(|x| x.address().map(str::to_string)).collect()).unwrap_or_default()
    };
    Some(Mail {
        path: path.to_string(),
        to: addrs(m.to()),
        from: addrs(m.from()).into_iter().next().unwrap_or_default(),
        subject: m.subject().unwrap_or_default().to_string(),
        text: m.body_text(0).map(|t| t.to_string()).unwrap_or_default(),
        content_type: m
            .root_part()
            .content_type()
            .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()))
            .unwrap_or_default(),
    })
}

/// Every captured message to `to`, oldest first.
pub fn mails_to(to: &str) -> Vec<Mail> {
    eml_paths().iter().filter_map(|p| parse(p)).filter(|m| m.to.iter().any(|a| a.eq_ignore_ascii_case(to))).collect()
}

/// Waits (up to 20 s) until `n` messages to `to` were captured; returns them.
pub async fn wait_for_mails(to: &str, n: usize) -> Vec<Mail> {
    let started = Instant::now();
    loop {
        let got = mails_to(to);
        if got.len() >= n {
            return got;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{n} message(s) to {to} expected, {} captured", got.len());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The first link to `path` (e.g. `/password-reset/confirm`) in a message's text.
pub fn link_in(mail: &Mail, path: &str) -> String {
    mail.text
        .split_whitespace()
        .find(|w| w.starts_with("http") && w.contains(path))
        .unwrap_or_else(|| panic!("no link to {path} in {}:\n{}", mail.path, mail.text))
        .to_string()
}

/// The `token` query value of a link.
pub fn token_of(link: &str) -> String {
    link.split("token=").nth(1).unwrap_or_default().split('&').next().unwrap_or_default().to_string()
}
