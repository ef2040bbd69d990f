//! The forgotten-password journey in headless Chromium, at 1280 px and
//! 375 px: 忘記密碼 on the sign-in page, the request form, the message the
//! Worker really sent (read from the `.eml` file `wrangler dev` wrote, see
//! `commons_tests::mail`), its link, the new password, and signing in.

use commons_tests::browser::{zh, Browser};
use commons_tests::mail::{link_in, mails_to, wait_for_mails};
use commons_tests::*;

/// Asks for a reset of `email` through the pages, from the sign-in page.
async fn ask_on_the_page(b: &Browser, email: &str) {
    b.goto("/login").await;
    b.click("a[href='/password-reset']").await;
    b.wait_path("/password-reset").await;
    b.wait_text("main h1", |s| s == zh("auth.reset_title")).await;
    b.fill("#email", email).await;
    b.click("[data-testid=reset-submit]").await;
    b.wait_text("[data-testid=reset-sent]", |s| s == zh("auth.reset_sent")).await;
}

async fn journey(width: u32, height: u32) {
    let b = Browser::open(width, height).await;
    let email = unique_email(&format!("reset-ui-{width}"));
    register(&client(), &email, "忘記密碼的人", "old-browser-pass").await;

    ask_on_the_page(&b, &email).await;
    assert!(b.fits_width().await, "the request page is wider than {width} px");
    b.assert_accessible(&format!("the reset-request page at {width} px")).await;
    b.screenshot(&format!("password-reset-sent-{width}")).await;
    let page_for_known = b.text("main").await;

    // The message that left the Worker, and its link.
    let mail = &wait_for_mails(&email, 1).await[0];
    assert_eq!(mail.subject, zh("mail.reset_subject"));
    let link = link_in(mail, "/password-reset/confirm");
    let path = link.strip_prefix(&base()).expect("the link points at this site").to_string();

    b.goto(&path).await;
    b.wait_text("main h1", |s| s == zh("auth.new_password_title")).await;
    assert!(b.fits_width().await, "the new-password page is wider than {width} px");
    b.assert_accessible(&format!("the new-password page at {width} px")).await;
    b.screenshot(&format!("password-reset-new-{width}")).await;
    b.fill("#new_password", "new-browser-pass").await;
    b.click("[data-testid=new-password-submit]").await;
    b.wait_text("[data-testid=password-changed]", |s| s == zh("auth.password_changed")).await;

    // The old password fails; the new one signs in.
    b.goto("/login").await;
    b.fill("#email", &email).await;
    b.fill("#password", "old-browser-pass").await;
    b.click("[data-testid=login-submit]").await;
    b.wait_text("[role=alert]", |s| s.contains(zh("error.login_failed"))).await;
    b.fill("#password", "new-browser-pass").await;
    b.click("[data-testid=login-submit]").await;
    b.wait_path("/").await;
    // Signed in as that account (the account page names it; at 375 px the
    // header's name is folded into the menu).
    b.goto("/account").await;
    b.wait_text("[data-testid=account-title]", |s| s.contains("忘記密碼的人")).await;
    // Signed out again, as on another day.
    b.c.delete_all_cookies().await.unwrap();

    // The link cannot be used twice: the page says so and offers a new one.
    b.goto(&path).await;
    b.fill("#new_password", "third-browser-pass").await;
    b.click("[data-testid=new-password-submit]").await;
    b.wait_text("[data-testid=reset-link-invalid]", |s| s == zh("auth.reset_link_invalid")).await;
    b.find("a[href='/password-reset']").await;
    b.screenshot(&format!("password-reset-used-{width}")).await;

    // An unknown address: the very same page, and no message.
    let nobody = unique_email(&format!("reset-ui-nobody-{width}"));
    ask_on_the_page(&b, &nobody).await;
    assert_eq!(b.text("main").await, page_for_known, "an unknown address must look the same");
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert!(mails_to(&nobody).is_empty(), "a message went to an address with no account");
    b.close().await;
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_e_mailed_link_at_desktop_width() {
    let _turn = browser_turn!();
    journey(1280, 900).await;
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_e_mailed_link_at_phone_width() {
    let _turn = browser_turn!();
    journey(375, 812).await;
}
