//! Who may do what to a post: the one rule the Worker enforces and the
//! question page follows, so the page offers a control exactly when the
//! server would accept it, and says which level unlocks the rest.
//!
//! A privilege is earned by level ([`super::LEVELS`]); moderators (and
//! admins, who hold every role) have them all. Some acts are also open to a
//! post's own author whatever their level: editing one's own post, and
//! commenting on one's own post or under one's own question.

use serde::{Deserialize, Serialize};

use super::{has_privilege, LEVELS};

/// Something a member does to a post that a level may unlock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QaAct {
    /// Comment on the post.
    Comment,
    /// Flag it for moderators.
    Flag,
    /// Vote it down.
    Downvote,
    /// Edit it (one's own post always).
    Edit,
    /// Close a question as a duplicate of another.
    CloseDuplicate,
    /// Work the moderation queue: restore or remove flagged posts.
    Moderate,
}

impl QaAct {
    /// The privilege (`qa.privilege.<key>`) that unlocks the act for others' posts.
    pub fn privilege(self) -> &'static str {
        match self {
            QaAct::Comment => "comment",
            QaAct::Flag => "flag",
            QaAct::Downvote => "downvote",
            QaAct::Edit => "edit_others",
            QaAct::CloseDuplicate => "close_duplicate",
            QaAct::Moderate => "moderate",
        }
    }

    /// The i18n key of the line saying what unlocks the act (`{n}`: the level).
    pub fn unlock_key(self) -> &'static str {
        match self {
            QaAct::Comment => "qa.unlock.comment",
            QaAct::Flag => "qa.unlock.flag",
            QaAct::Downvote => "qa.unlock.downvote",
            QaAct::Edit => "qa.unlock.edit_others",
            QaAct::CloseDuplicate => "qa.unlock.close_duplicate",
            QaAct::Moderate => "qa.unlock.moderate",
        }
    }

    /// The refusal the API sends when the act is not allowed.
    pub fn refusal(self) -> String {
        let what = match self {
            QaAct::Comment => "commenting",
            QaAct::Flag => "flagging",
            QaAct::Downvote => "downvoting",
            QaAct::Edit => "editing others' posts",
            QaAct::CloseDuplicate => "closing as duplicate",
            QaAct::Moderate => "moderating",
        };
        format!("{what} unlocks at level {}", unlock_level(self.privilege()))
    }
}

/// The level that unlocks `privilege` (the top level if no level names it).
pub fn unlock_level(privilege: &str) -> u8 {
    LEVELS.iter().find(|l| l.unlocks.contains(&privilege)).map(|l| l.number).unwrap_or(LEVELS[LEVELS.len() - 1].number)
}

/// The signed-in viewer as the rules see them: their points and whether
/// they moderate. The question page carries it, so the page applies the
/// same [`QaViewer::gate`] as the Worker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaViewer {
    /// Their user id.
    pub user_id: i64,
    /// Their points total.
    pub points: i64,
    /// Whether they hold the moderator role (or are an admin).
    pub moderator: bool,
}

/// Whether an act is open to a viewer, or which level opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// The viewer may do it.
    Open,
    /// Reaching this level unlocks it.
    Locked(u8),
}

impl QaViewer {
    /// Whether the viewer may do `act` to a post. `own` says the post is
    /// theirs (for a comment: the post or its question is theirs), which
    /// opens editing and commenting at any level.
    pub fn gate(&self, act: QaAct, own: bool) -> Gate {
        let by_author = own && matches!(act, QaAct::Comment | QaAct::Edit);
        if by_author || self.moderator || has_privilege(self.points, act.privilege()) {
            Gate::Open
        } else {
            Gate::Locked(unlock_level(act.privilege()))
        }
    }

    /// Whether [`QaViewer::gate`] is open.
    pub fn may(&self, act: QaAct, own: bool) -> bool {
        self.gate(act, own) == Gate::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(points: i64) -> QaViewer {
        QaViewer { user_id: 1, points, moderator: false }
    }

    #[test]
    fn each_act_opens_at_its_level() {
        assert_eq!(member(1).gate(QaAct::Comment, false), Gate::Locked(2));
        assert_eq!(member(15).gate(QaAct::Comment, false), Gate::Open);
        assert_eq!(member(1).gate(QaAct::Flag, false), Gate::Locked(2));
        assert_eq!(member(99).gate(QaAct::Downvote, false), Gate::Locked(3));
        assert_eq!(member(100).gate(QaAct::Downvote, false), Gate::Open);
        assert_eq!(member(499).gate(QaAct::Edit, false), Gate::Locked(4));
        assert_eq!(member(500).gate(QaAct::Edit, false), Gate::Open);
        assert_eq!(member(1999).gate(QaAct::CloseDuplicate, false), Gate::Locked(5));
        assert_eq!(member(2000).gate(QaAct::CloseDuplicate, false), Gate::Open);
        assert_eq!(member(9999).gate(QaAct::Moderate, false), Gate::Locked(6));
        assert_eq!(member(10_000).gate(QaAct::Moderate, false), Gate::Open, "傳奇 moderates, as its level promises");
    }

    #[test]
    fn authors_edit_and_comment_their_own_and_moderators_do_everything() {
        assert!(member(1).may(QaAct::Edit, true) && member(1).may(QaAct::Comment, true));
        assert!(!member(1).may(QaAct::Downvote, true) && !member(1).may(QaAct::CloseDuplicate, true));
        let m = QaViewer { moderator: true, ..member(1) };
        for act in [QaAct::Comment, QaAct::Flag, QaAct::Downvote, QaAct::Edit, QaAct::CloseDuplicate, QaAct::Moderate] {
            assert!(m.may(act, false), "{act:?}");
        }
    }

    #[test]
    fn every_act_is_a_privilege_some_level_unlocks() {
        for act in [QaAct::Comment, QaAct::Flag, QaAct::Downvote, QaAct::Edit, QaAct::CloseDuplicate, QaAct::Moderate] {
            assert!(LEVELS.iter().any(|l| l.unlocks.contains(&act.privilege())), "{act:?}");
            assert!(crate::i18n::rows().any(|(k, _, _)| *k == act.unlock_key()), "{act:?}: {}", act.unlock_key());
        }
        assert_eq!(QaAct::Comment.refusal(), "commenting unlocks at level 2");
    }
}
