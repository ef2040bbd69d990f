//! What every service shares: Asia/Taipei dates, Chinese-correct search
//! tokens, the notification bell, the table of SPA bundles, and small statistics.

pub mod bundles;
pub mod constraints;
pub mod csv;
pub mod d1;
pub mod limits;
pub mod locale;
pub mod notify;
pub mod outbox;
pub mod search;
pub mod stats;
