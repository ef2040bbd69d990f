//! What every service shares: Asia/Taipei dates, Chinese-correct search
//! tokens, the notification bell, and the table of SPA bundles.

pub mod bundles;
pub mod locale;
pub mod notify;
pub mod search;
