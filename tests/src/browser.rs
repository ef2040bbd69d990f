//! A headless Chromium session driven through ChromeDriver, with helpers
//! for what a user does: open, click, type, read, and screenshots.

use std::time::Duration;

use commons_domain::i18n::{t, Locale};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Browser tests share one ChromeDriver and two cores; running them one at
/// a time keeps them from timing each other out.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// One browser window.
pub struct Browser {
    /// The WebDriver client.
    pub c: Client,
    profile: std::path::PathBuf,
}

/// Whether browser tests can run here (ChromeDriver started by xtask).
pub fn available() -> bool {
    std::env::var("COMMONS_WEBDRIVER_URL").is_ok()
}

/// The start of every browser test: returns from the test, saying why, where
/// no ChromeDriver runs (a plain `cargo test`); otherwise waits for the test's
/// turn at [`SERIAL`](crate::browser::SERIAL) and evaluates to the guard, to be held to the end:
/// `let _turn = browser_turn!();`.
#[macro_export]
macro_rules! browser_turn {
    () => {{
        if !$crate::browser::available() {
            eprintln!("skipped: COMMONS_WEBDRIVER_URL unset (run through `cargo xtask test`)");
            return;
        }
        $crate::browser::SERIAL.lock().await
    }};
}

/// The zh-TW text of a message key, as the pages show it by default.
pub fn zh(key: &str) -> &'static str {
    t(Locale::ZhTw, key)
}

/// The English text of a message key, as the pages show it after the language switch.
pub fn en(key: &str) -> &'static str {
    t(Locale::En, key)
}

impl Browser {
    /// A fresh headless Chromium (new profile: no cookies, no storage) at `width`×`height`.
    pub async fn open(width: u32, height: u32) -> Browser {
        let webdriver =
            std::env::var("COMMONS_WEBDRIVER_URL").expect("COMMONS_WEBDRIVER_URL (run via cargo xtask test)");
        let profile = std::env::temp_dir().join(format!(
            "commons-test-chrome-{}-{}",
            std::process::id(),
            crate::unique_email("p").replace(['@', '.'], "_")
        ));
        let mut opts = json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--lang=zh-TW",
                     format!("--window-size={},{}", width.max(800), height), format!("--user-data-dir={}", profile.display())]
        });
        // Chromium windows cannot be narrower than about 500 px, so phone widths
        // use device emulation: a real 375 px viewport, as a phone has.
        if width < 800 {
            opts["mobileEmulation"] =
                json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "touch": true}});
        }
        let caps = json!({ "browserName": "chrome", "goog:chromeOptions": opts });
        let caps = caps.as_object().cloned().unwrap_or_default();
        let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&webdriver)
            .await
            .expect("connect to ChromeDriver");
        // Chromium occasionally stalls a first navigation on a loaded 2-core machine;
        // a 30 s page-load limit turns a 5-minute hang into a quick retry in `goto`.
        let _ = c
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(30)),
                Some(Duration::from_secs(30)),
                None,
            ))
            .await;
        Browser { c, profile }
    }

    /// Navigates to a path of the stack.
    pub async fn goto(&self, path: &str) {
        let target = crate::url(path);
        for attempt in 1..=3 {
            match self.c.goto(&target).await {
                Ok(()) => return,
                Err(e) if attempt < 3 => {
                    eprintln!("navigation to {path} failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => panic!("navigate to {path}: {e}"),
            }
        }
    }

    /// Waits (up to 15 s) for an element.
    pub async fn find(&self, css: &str) -> Element {
        match self.c.wait().at_most(Duration::from_secs(15)).for_element(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => {
                self.screenshot(&format!("failure-{}", css.replace(|c: char| !c.is_alphanumeric(), "_"))).await;
                panic!("element {css} did not appear: {e}");
            }
        }
    }

    /// The visible text of an element.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap_or_default()
    }

    /// Waits until `css`'s text satisfies `pred`; returns the text.
    pub async fn wait_text(&self, css: &str, pred: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..75 {
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                last = e.text().await.unwrap_or_default();
                if pred(&last) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.screenshot(&format!("failure-text-{}", css.replace(|c: char| !c.is_alphanumeric(), "_"))).await;
        panic!("text of {css} never matched; last was {last:?}");
    }

    /// Waits until the URL path equals `path`.
    pub async fn wait_path(&self, path: &str) {
        for _ in 0..75 {
            if let Ok(u) = self.c.current_url().await {
                if u.path() == path {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.screenshot("failure-path").await;
        panic!("never reached {path}");
    }

    /// Clicks an element.
    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        // Centre it first, so the sticky header never sits on top of it.
        if let Ok(arg) = serde_json::to_value(&e) {
            let _ = self.c.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg]).await;
        }
        e.click().await.unwrap_or_else(|err| panic!("click {css}: {err}"));
    }

    /// Types into an input.
    pub async fn fill(&self, css: &str, value: &str) {
        let e = self.find(css).await;
        let _ = e.clear().await;
        e.send_keys(value).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Registers a new account through the form; ends on the account page.
    pub async fn register(&self, name: &str, email: &str, password: &str) {
        self.goto("/register").await;
        self.fill("#display_name", name).await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click("[data-testid=register-submit]").await;
        self.wait_path("/account").await;
    }

    /// Signs in through the form; ends on the home page.
    pub async fn login(&self, email: &str, password: &str) {
        self.goto("/login").await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click("[data-testid=login-submit]").await;
        self.wait_path("/").await;
        self.find("[data-testid=account-name]").await;
    }

    /// Signs out through the account menu.
    pub async fn logout(&self) {
        self.click(".account-menu summary").await;
        self.click("[data-testid=logout]").await;
        self.find("a[href='/login']").await;
    }

    /// Saves a PNG under `tests/screenshots/` (git-ignored) for a person to look at.
    pub async fn screenshot(&self, name: &str) {
        let dir = std::env::var("COMMONS_SCREENSHOTS").unwrap_or_else(|_| "screenshots".into());
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(png) = self.c.screenshot().await {
            let _ = std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png);
        }
    }

    /// Ends the session and removes the profile.
    pub async fn close(self) {
        let _ = self.c.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Waiting on attributes and scripts, and reading lists (the open-data tests).
impl Browser {
    /// Waits (up to 15 s) until attribute `attr` of `css` satisfies `pred`; returns it.
    pub async fn wait_attr(&self, css: &str, attr: &str, pred: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..75 {
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                last = e.attr(attr).await.ok().flatten().unwrap_or_default();
                if pred(&last) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.screenshot(&format!("failure-attr-{}", css.replace(|c: char| !c.is_alphanumeric(), "_"))).await;
        panic!("{attr} of {css} never matched; last was {last:?}");
    }

    /// Runs `script` (which must `return` a value) until `pred` accepts the
    /// value, for up to 15 s; returns the last value either way.
    pub async fn wait_js(&self, script: &str, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let mut last = serde_json::Value::Null;
        for _ in 0..75 {
            if let Ok(v) = self.c.execute(script, vec![]).await {
                last = v;
                if pred(&last) {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        last
    }

    /// The visible texts of every element matching `css` (none is fine).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.c.find_all(Locator::Css(css)).await.unwrap_or_default() {
            out.push(e.text().await.unwrap_or_default());
        }
        out
    }

    /// Whether the page fits the window's width (nothing scrolls sideways).
    pub async fn fits_width(&self) -> bool {
        self.js_bool("return document.documentElement.scrollWidth <= window.innerWidth", false).await
    }

    /// The WCAG 2.1 A and AA violations axe-core finds on the page as it is
    /// now, one line each (`rule (impact): help; first element`). Empty
    /// means none. axe-core is the pinned npm package (`npm ci` of `cargo
    /// xtask test` installs it); it is injected into the page each call,
    /// since a navigation drops it.
    pub async fn axe_violations(&self) -> Vec<String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e} (run through `cargo xtask test`, whose npm ci installs axe-core)"));
        self.c.execute(&source, vec![]).await.expect("inject axe-core");
        let run = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                resultTypes: ['violations'],
            }).then(r => done(r.violations.map(v =>
                `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s), e.g. ${v.nodes[0].target.join(' ')}`
                + (v.nodes[0].failureSummary ? ` — ${v.nodes[0].failureSummary.replace(/\s+/g, ' ')}` : ''))),
                e => done(['axe-core failed: ' + e]));
        "#;
        let v = self.c.execute_async(run, vec![]).await.expect("run axe-core");
        serde_json::from_value(v).unwrap_or_else(|e| vec![format!("axe-core answered something else: {e}")])
    }

    /// Fails the test, naming the page and width, when axe-core finds a
    /// serious or critical WCAG 2.1 A or AA violation on the page as it is
    /// now; moderate and minor ones are printed, not failed.
    pub async fn assert_accessible(&self, what: &str) {
        let (bad, rest): (Vec<String>, Vec<String>) = self
            .axe_violations()
            .await
            .into_iter()
            .partition(|v| v.contains("(serious)") || v.contains("(critical)") || v.starts_with("axe-core"));
        if !rest.is_empty() {
            eprintln!("{what}: {} minor or moderate accessibility finding(s):\n{}", rest.len(), rest.join("\n"));
        }
        assert!(bad.is_empty(), "{what}: {} serious accessibility violation(s):\n{}", bad.len(), bad.join("\n"));
    }

    /// The boolean `script` returns, or `otherwise` if it fails or returns
    /// something else: each check picks the answer that fails its test.
    async fn js_bool(&self, script: &str, otherwise: bool) -> bool {
        self.c.execute(script, vec![]).await.ok().and_then(|v| v.as_bool()).unwrap_or(otherwise)
    }
}

/// Checks for script injection (the Q&A XSS test): a sentinel global and
/// the DOM the page rendered.
impl Browser {
    /// Whether any injected script ran: payloads set `window.__xss`.
    pub async fn xss_fired(&self) -> bool {
        self.js_bool("return typeof window.__xss !== 'undefined'", true).await
    }

    /// Dangerous things rendered inside `<main>`: `on*` attributes, scripts,
    /// frames, objects, `javascript:`/`data:` links and inline styles in
    /// user content. Empty means clean.
    pub async fn unsafe_markup(&self) -> Vec<String> {
        let script = r#"
            const out = [];
            const main = document.querySelector('main');
            if (!main) return ['no main'];
            for (const el of main.querySelectorAll('*')) {
                const tag = el.tagName.toLowerCase();
                if (['script', 'iframe', 'object', 'embed', 'frame', 'base', 'meta', 'link', 'form'].includes(tag)
                    && el.closest('.prose')) out.push('element ' + tag);
                if (tag === 'script') out.push('script in main');
                for (const a of el.attributes) {
                    const n = a.name.toLowerCase(), v = a.value.trim().toLowerCase();
                    if (n.startsWith('on')) out.push(tag + ' ' + n);
                    if ((n === 'href' || n === 'src' || n === 'action' || n === 'formaction' || n === 'xlink:href')
                        && (v.startsWith('javascript:') || v.startsWith('vbscript:') || v.startsWith('data:text/html')))
                        out.push(tag + ' ' + n + '=' + v.slice(0, 40));
                    if (n === 'style' && el.closest('.prose')) out.push(tag + ' style in user content');
                }
            }
            return out;
        "#;
        match self.c.execute(script, vec![]).await {
            Ok(serde_json::Value::Array(v)) => v.into_iter().map(|x| x.as_str().unwrap_or("?").to_string()).collect(),
            other => vec![format!("check failed: {other:?}")],
        }
    }
}
