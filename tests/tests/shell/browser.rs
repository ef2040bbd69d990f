//! The app shell in real headless Chromium against the running stack:
//! language switch, accounts, 404, history, the mobile menu and screenshots.

use commons_tests::browser::{en, zh, Browser};
use commons_tests::*;

#[tokio::test]
async fn home_page_opens_in_zh_tw_and_switches_to_english_and_back() {
    let _turn = browser_turn!();
    let b = Browser::open(1280, 900).await;
    b.goto("/").await;
    b.wait_text("[data-testid=home-title]", |s| s == zh("home.title")).await;
    assert_eq!(
        b.c.find(fantoccini::Locator::Css("html")).await.unwrap().attr("lang").await.unwrap().as_deref(),
        Some("zh-TW")
    );
    assert!(b.text("nav").await.contains(zh("nav.data")));

    b.click("[data-testid=lang-switch]").await;
    b.wait_text("[data-testid=home-title]", |s| s == en("home.title")).await;
    assert!(b.text("nav").await.contains(en("nav.booking")));
    assert_eq!(
        b.c.find(fantoccini::Locator::Css("html")).await.unwrap().attr("lang").await.unwrap().as_deref(),
        Some("en")
    );

    // The choice is remembered across a reload.
    b.c.refresh().await.unwrap();
    b.wait_text("[data-testid=home-title]", |s| s == en("home.title")).await;
    b.click("[data-testid=lang-switch]").await;
    b.wait_text("[data-testid=home-title]", |s| s == zh("home.title")).await;
    b.close().await;
}

#[tokio::test]
async fn register_log_out_and_log_in_show_the_display_name() {
    let _turn = browser_turn!();
    let b = Browser::open(1280, 900).await;
    let email = unique_email("ui");
    let name = "瀏覽器測試員";
    b.register(name, &email, "browser-pass-1").await;
    b.wait_text("[data-testid=account-name]", |s| s == name).await;
    b.wait_text("[data-testid=account-title]", |s| s.contains(name)).await;
    b.screenshot("account-1280").await;

    b.click(".account-menu summary").await;
    b.click("[data-testid=logout]").await;
    b.wait_path("/").await;
    b.find("a[href='/login']").await;
    assert!(b.c.find(fantoccini::Locator::Css("[data-testid=account-name]")).await.is_err(), "name gone after logout");

    // A wrong password shows the translated message and keeps the user out.
    b.goto("/login").await;
    b.fill("#email", &email).await;
    b.fill("#password", "not-my-password").await;
    b.click("[data-testid=login-submit]").await;
    b.wait_text("[role=alert]", |s| s.contains(zh("error.login_failed"))).await;

    b.fill("#password", "browser-pass-1").await;
    b.click("[data-testid=login-submit]").await;
    b.wait_path("/").await;
    b.wait_text("[data-testid=account-name]", |s| s == name).await;
    b.close().await;
}

#[tokio::test]
async fn unknown_route_shows_the_404_page_with_a_way_home() {
    let _turn = browser_turn!();
    let b = Browser::open(1280, 900).await;
    b.goto("/no/such/page").await;
    b.wait_text("[data-testid=not-found] h1", |s| s == zh("notfound.title")).await;
    b.click("[data-testid=not-found] a").await;
    b.wait_path("/").await;
    b.find("[data-testid=home-title]").await;
    // An unknown page under a service is that service's bundle's 404, not a reload loop.
    for path in ["/data/no/such", "/booking/no/such", "/qa/no/such"] {
        b.goto(path).await;
        b.wait_text("[data-testid=not-found] h1", |s| s == zh("notfound.title")).await;
    }
    b.close().await;
}

/// The wasm bundles the page has fetched, by name (`shell`, `data`, ...).
async fn bundles_loaded(b: &Browser) -> Vec<String> {
    let v = b
        .wait_js(
            "return performance.getEntriesByType('resource').map(e => e.name)\
               .filter(n => n.endsWith('.wasm')).map(n => n.split('/assets/app-')[1].split('-')[0]);",
            |v| v.as_array().is_some_and(|a| !a.is_empty()),
        )
        .await;
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap_or("").to_string()).collect()
}

#[tokio::test]
async fn each_service_loads_only_its_own_bundle_and_links_cross_between_them() {
    let _turn = browser_turn!();
    let b = Browser::open(1280, 900).await;
    b.goto("/").await;
    b.find("[data-testid=home-title]").await;
    assert_eq!(bundles_loaded(&b).await, vec!["shell"], "the home page loads the shell only");
    for (href, title, bundle) in
        [("/booking", "nav.booking", "booking"), ("/data", "nav.data", "data"), ("/qa", "nav.qa", "qa")]
    {
        b.click(&format!("nav a[href='{href}']")).await;
        b.wait_text("main h1", |s| s == zh(title)).await;
        assert_eq!(bundles_loaded(&b).await, vec![bundle], "{href} loads its own bundle only");
    }
    // Signing in lives in the shell: a link from a service page still works.
    b.goto("/login").await;
    b.find("form").await;
    assert_eq!(bundles_loaded(&b).await, vec!["shell"]);
    b.close().await;
}

#[tokio::test]
async fn back_and_forward_move_between_pages() {
    let _turn = browser_turn!();
    let b = Browser::open(1280, 900).await;
    b.goto("/").await;
    b.find("[data-testid=home-title]").await;
    b.click("nav a[href='/data']").await;
    b.wait_text("main h1", |s| s == zh("nav.data")).await;
    b.click("nav a[href='/qa']").await;
    b.wait_text("main h1", |s| s == zh("nav.qa")).await;
    b.c.back().await.unwrap();
    b.wait_text("main h1", |s| s == zh("nav.data")).await;
    b.wait_path("/data").await;
    b.c.forward().await.unwrap();
    b.wait_text("main h1", |s| s == zh("nav.qa")).await;
    b.close().await;
}

#[tokio::test]
async fn skip_link_is_first_and_moves_focus_to_main() {
    let _turn = browser_turn!();
    let b = Browser::open(1280, 900).await;
    b.goto("/").await;
    b.find("[data-testid=home-title]").await;
    // The first Tab from the top of the page lands on the skip link, which is then visible.
    let key = |k: fantoccini::key::Key| char::from(k).to_string();
    b.find("body").await.send_keys(&key(fantoccini::key::Key::Tab)).await.unwrap();
    let active = b.c.execute("return document.activeElement.className", vec![]).await.unwrap();
    assert_eq!(active, "skip-link");
    // Let the slide-in transition finish, then the link must be on screen.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let top = b.c.execute("return document.activeElement.getBoundingClientRect().top", vec![]).await.unwrap();
    assert!(top.as_f64().is_some_and(|t| t >= 0.0), "skip link is off screen when focused: top {top}");
    b.screenshot("skip-link-focus").await;
    b.c.active_element().await.unwrap().send_keys(&key(fantoccini::key::Key::Enter)).await.unwrap();
    let hash = b.c.execute("return location.hash", vec![]).await.unwrap();
    assert_eq!(hash, "#main");
    let landmarks =
        b.c.execute("return ['header','nav','main','footer'].every(t => document.querySelector(t) !== null)", vec![])
            .await
            .unwrap();
    assert_eq!(landmarks, true);
    b.close().await;
}

#[tokio::test]
async fn narrow_screens_fold_the_navigation_behind_a_menu_button() {
    let _turn = browser_turn!();
    let b = Browser::open(375, 812).await;
    b.goto("/").await;
    b.find("[data-testid=home-title]").await;
    let nav = b.find("#site-nav").await;
    assert!(!nav.is_displayed().await.unwrap(), "nav folded at 375 px");
    b.click(".nav-toggle").await;
    assert!(b.find("#site-nav").await.is_displayed().await.unwrap(), "menu opens");
    b.click("nav a[href='/booking']").await;
    b.wait_text("main h1", |s| s == zh("nav.booking")).await;
    // No horizontal scrolling at phone width.
    assert!(b.fits_width().await, "page is wider than 375 px");
    b.assert_accessible("the booking home with the menu open at 375 px").await;
    b.close().await;
}

#[tokio::test]
async fn screenshots_of_the_main_pages_at_desktop_and_phone_width() {
    let _turn = browser_turn!();
    for (w, h) in [(1280, 900), (375, 812)] {
        let b = Browser::open(w, h).await;
        for (name, path, ready) in [
            ("home", "/", "[data-testid=home-title]"),
            ("data", "/data", "main h1"),
            ("booking", "/booking", "[data-testid=instrument-count]"),
            ("instrument", "/booking/instruments/1", "[data-testid=week-calendar]"),
            ("qa", "/qa", "main h1"),
            ("login", "/login", "#email"),
            ("register", "/register", "#display_name"),
            ("404", "/nowhere", "[data-testid=not-found]"),
        ] {
            b.goto(path).await;
            b.find(ready).await;
            b.screenshot(&format!("{name}-{w}")).await;
            b.assert_accessible(&format!("{path} at {w} px")).await;
        }
        b.close().await;
    }
}

/// Every request of the page so far that the server answered with 400 or
/// more (each one is an error in the browser's console).
async fn failed_requests(b: &Browser) -> Vec<String> {
    let v =
        b.c.execute(
            "return performance.getEntriesByType('resource').filter(e => e.responseStatus >= 400)\
               .map(e => e.responseStatus + ' ' + e.name);",
            vec![],
        )
        .await
        .expect("read the resource timings");
    serde_json::from_value(v).unwrap_or_default()
}

#[tokio::test]
async fn a_signed_out_visitor_meets_no_failed_request() {
    let _turn = browser_turn!();
    let b = Browser::open(1280, 900).await;
    for (path, ready) in [
        ("/", "[data-testid=home-title]"),
        ("/data", "main h1"),
        ("/data/datasets/demo-00003", "main h1"),
        ("/qa", "main h1"),
        ("/booking", "[data-testid=instrument-count]"),
        ("/booking/instruments/1", "[data-testid=week-calendar]"),
    ] {
        b.goto(path).await;
        b.find(ready).await;
        // The session check is the first request of every page: wait for it to answer.
        b.wait_js(
            "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/api/auth/session'))",
            |v| v.as_bool() == Some(true),
        )
        .await;
        assert_eq!(
            failed_requests(&b).await,
            Vec::<String>::new(),
            "{path}: a signed-out visit logs no failed request"
        );
    }
    b.close().await;
}

#[tokio::test]
async fn every_page_names_itself_in_the_title() {
    let _turn = browser_turn!();
    let site = zh("app.name");
    let qid = get_json(&client(), "/api/qa/questions?per_page=1").await["questions"][0]["id"].as_i64();
    let question = format!("/qa/questions/{}", qid.expect("a demo question"));
    let b = Browser::open(1280, 900).await;
    let mut seen: Vec<(String, String)> = Vec::new();
    for path in [
        "/data",
        "/data/search?q=統計",
        "/data/datasets/demo-00003",
        "/data/requests",
        "/data/showcases",
        "/data/organizations",
        "/booking",
        "/booking/instruments/1",
        "/qa",
        question.as_str(),
        "/qa/faq",
        "/qa/leaderboard",
        "/qa/stats",
        "/login",
        "/register",
        "/password-reset",
        "/nowhere",
    ] {
        b.goto(path).await;
        let title = b.wait_js("return document.title", |v| v.as_str().is_some_and(|t| t != site)).await;
        let title = title.as_str().unwrap_or_default().to_string();
        assert!(title.ends_with(&format!(" · {site}")), "{path} is titled {title:?}, not `page · {site}`");
        if let Some((other, _)) = seen.iter().find(|(_, t)| *t == title) {
            panic!("{path} and {other} share the title {title:?}");
        }
        seen.push((path.to_string(), title));
    }
    b.close().await;
}

#[tokio::test]
async fn the_accessibility_check_finds_a_real_violation() {
    // The axe-core check of every page test must be able to fail: an image
    // with no text alternative is a critical WCAG 1.1.1 violation.
    let _turn = browser_turn!();
    let b = Browser::open(1280, 900).await;
    b.goto("/").await;
    b.find("[data-testid=home-title]").await;
    let before = b.axe_violations().await;
    assert!(
        !before.iter().any(|v| v.starts_with("image-alt")),
        "the home page has no such image to begin with: {before:?}"
    );
    b.c.execute(
        "const i = document.createElement('img'); i.src = '/favicon.svg'; document.querySelector('main').append(i);",
        vec![],
    )
    .await
    .expect("add an image");
    let found = b.axe_violations().await;
    assert!(found.iter().any(|v| v.starts_with("image-alt (critical)")), "axe-core names the missing alt: {found:?}");
    b.close().await;
}
