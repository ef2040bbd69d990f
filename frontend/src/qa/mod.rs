//! Knowledge Q&A (知識分享): search, questions, asking, the FAQ, people and
//! leaderboards, statistics and moderation. Compiled into the Q&A bundle only.

pub mod answers;
pub mod ask;
pub mod common;
pub mod edit;
pub mod faq;
pub mod home;
pub mod moderation;
pub mod people;
pub mod post_forms;
pub mod question;
pub mod stats;
pub mod vote;
