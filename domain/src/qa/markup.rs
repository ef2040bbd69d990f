//! Remote images in sanitised post HTML become links.
//!
//! A post's `<img>` would be fetched by every visitor's browser on every
//! page view, so a remote one is a tracking pixel (and the CSP, which allows
//! images from the site itself only, shows it broken anyway). The rewrite
//! works on ammonia's output, which html5ever serialised: every `<` outside
//! a tag is escaped as `&lt;` and every attribute value is double-quoted, so
//! a scan of the tags is exact. Its result is sanitised again by the caller.

/// Replaces every `<img>` whose `src` is not on this site by a link to the
/// image: its alt text (or, without one, the URL) pointing at the `src`.
/// Images from the site itself (a path) stay, except paths into `/api/`,
/// which would make each viewer's browser call the API.
pub fn remote_images_to_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i..];
        let len = tag_len(tag);
        match image(&tag[..len]) {
            Some(img) if !is_local(&img.src) => out.push_str(&img.link()),
            _ => out.push_str(&tag[..len]),
        }
        rest = &tag[len..];
    }
    out.push_str(rest);
    out
}

/// The length of the tag `s` starts with (through its `>`, quotes honoured),
/// or of all of `s` when it does not end.
fn tag_len(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The attributes of an image that matter to its link.
struct Image {
    src: String,
    alt: String,
    title: Option<String>,
}

impl Image {
    /// `<a href="src" title="…">alt or src</a>` (the sanitiser adds `rel`).
    fn link(&self) -> String {
        let text = if self.alt.trim().is_empty() { &self.src } else { &self.alt };
        let title = self.title.as_ref().map(|t| format!(" title=\"{}\"", escape(t, true))).unwrap_or_default();
        format!("<a href=\"{}\"{title}>{}</a>", escape(&self.src, true), escape(text, false))
    }
}

/// The image a whole tag `tag` (`<img …>`) is, if it is one with a `src`.
fn image(tag: &str) -> Option<Image> {
    let inner = tag.strip_prefix('<')?.trim_end_matches('>').trim_end_matches('/');
    let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    if !inner[..name_end].eq_ignore_ascii_case("img") {
        return None;
    }
    let mut img = Image { src: String::new(), alt: String::new(), title: None };
    let mut has_src = false;
    for (name, value) in attributes(&inner[name_end..]) {
        match name.to_ascii_lowercase().as_str() {
            "src" => {
                img.src = value;
                has_src = true;
            }
            "alt" => img.alt = value,
            "title" => img.title = Some(value),
            _ => {}
        }
    }
    has_src.then_some(img)
}

/// The `name="value"` pairs of a tag's attribute text, values decoded.
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            name.push(c);
        }
        if name.is_empty() {
            return out;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            match chars.next_if(|c| *c == '"' || *c == '\'') {
                Some(q) => value.extend(chars.by_ref().take_while(|c| *c != q)),
                None => {
                    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                        value.push(c);
                    }
                }
            }
        }
        out.push((name, decode(&value)));
    }
}

/// Decodes the character references html5ever writes in attribute values.
fn decode(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Escapes text for an attribute value (`attr`) or for element content.
fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether `src` is an image of this site, as a browser would resolve it: a
/// path (absolute or relative) with no scheme and no host, outside `/api/`.
/// Browsers drop tabs and newlines inside a URL, trim control characters
/// and spaces around it, and read `\` as `/`, so this does too.
fn is_local(src: &str) -> bool {
    let url: String = src.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let url = url.trim_matches(|c: char| c <= ' ').replace('\\', "/").to_ascii_lowercase();
    if url.is_empty() || url.starts_with("//") {
        return false;
    }
    let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
    !before_path.contains(':') && !url.contains("api/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_of_this_site_stay_images() {
        for local in ["/static/logo.png", "img/a.png", "./a.png?x=1#y"] {
            assert!(is_local(local), "{local}");
        }
        for remote in [
            "https://t.example/p.gif",
            "HTTP://t.example/p.gif",
            "//t.example/p.gif",
            "/\\t.example/p.gif",
            "\\\\t.example/p.gif",
            " /\t/t.example/p.gif",
            "data:image/gif;base64,R0lGOD",
            "/api/qa/questions/1",
            "../api/qa/questions/1",
            "",
        ] {
            assert!(!is_local(remote), "{remote:?}");
        }
    }

    #[test]
    fn tags_are_scanned_whole_and_other_markup_is_kept() {
        let html = r#"<p title="<img src=&quot;https://x/&quot;>">a &lt;img src=x&gt; b</p><img src="https://t.example/a.gif" alt="x &amp; y"><img alt="no src">"#;
        let out = remote_images_to_links(html);
        assert_eq!(
            out,
            r#"<p title="<img src=&quot;https://x/&quot;>">a &lt;img src=x&gt; b</p><a href="https://t.example/a.gif">x &amp; y</a><img alt="no src">"#
        );
        assert_eq!(remote_images_to_links("plain < text"), "plain < text");
    }
}
