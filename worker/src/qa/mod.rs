//! Knowledge Q&A (知識分享): posts, votes and the points ledger, the FAQ,
//! moderation, leaderboards and the voting-ring detector.

pub mod db;
pub mod handlers;
pub mod jobs;
