//! Generated Knowledge Q&A threads: deterministic zh-TW questions, answers,
//! votes, accepts and the matching points ledger, written as SQL for the
//! local D1. The ledger rows follow the same rules as the Worker (vote gains
//! capped per author per Taipei day, accepts exempt), so the admin
//! ledger-check holds on demo data too. Activity is skewed, as in a real
//! community (a few members write most answers), so the leaderboard shows
//! every level from 新手 up rather than one; and the FAQ has entries for
//! each service ([`faq_sql`]).

use std::collections::HashMap;
use std::fmt::Write;

use commons_domain::common::search::index_tokens;
use commons_domain::qa::render_markdown;

use crate::rng::SplitMix64;

/// Topics: (tag, subject, what people ask about it).
const TOPICS: &[(&str, &str, &[&str])] = &[
    ("差勤", "差勤系統", &["補登刷卡", "請特休假", "加班費申請", "公差登記"]),
    ("公文", "公文線上簽核", &["會辦流程", "電子簽章憑證", "來文歸檔", "附件上限"]),
    ("人事", "人事服務網", &["個人資料更新", "考績查詢", "訓練時數登錄", "獎懲紀錄"]),
    ("年金", "國民年金", &["保險費繳納", "老年年金給付", "身心障礙年金", "保費補助"]),
    ("退休", "公務人員退休", &["月退休金計算", "年資採計", "退休申請時程", "撫卹"]),
    ("採購", "政府採購", &["小額採購", "共同供應契約", "驗收程序", "決標公告"]),
    ("出差", "國內出差", &["旅費報支", "住宿費上限", "交通費核銷", "出差請示"]),
    ("保險", "公教人員保險", &["生育給付", "眷屬喪葬津貼", "保險年資", "養老給付"]),
    ("開放資料", "開放資料平臺", &["資料集上架", "API 使用方式", "授權條款", "資料格式轉換"]),
    ("儀器預約", "貴重儀器預約", &["預約額度", "訓練資格", "收費標準", "取消規定"]),
    ("帳號", "單一簽入帳號", &["忘記密碼", "自然人憑證登入", "帳號停用", "多因素驗證"]),
    ("研究經費", "研究計畫經費", &["經費流用", "核銷期限", "人事費編列", "設備採購"]),
];

const ASKS: &[&str] = &["該如何辦理？", "需要準備哪些文件？", "有什麼限制嗎？", "流程大約多久？", "誰可以申請？"];
const ANSWER_OPENERS: &[&str] = &["依規定，", "根據我的經驗，", "可以參考以下步驟：", "補充說明：", "實務上，"];

fn sql_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn user(i: usize) -> String {
    format!("(SELECT id FROM users WHERE email = 'member{i:04}@demo.commons.tw')")
}

/// A member drawn with a skew towards low numbers: each `rounds` narrows
/// the draw, so with two rounds the first member is about twenty times as
/// active as the median one. Askers get one round, answerers two.
fn active(rng: &mut SplitMix64, members: usize, rounds: u32) -> usize {
    let mut n = members;
    for _ in 0..rounds {
        n = rng.below(n) + 1;
    }
    rng.below(n)
}

/// Taipei date of a Unix time.
fn day_of(t: i64) -> String {
    commons_domain::common::locale::to_taipei(t).map(|d| d.date().to_string()).unwrap_or_default()
}

/// The longest a generated thread's events run after its question: the
/// first answer within 3 days, later answers 5 days after it, votes 5 days
/// after their post, the accept an hour after its answer.
const SPAN: i64 = 600 + 3 * 86_400 + 5 * 86_400 + 5 * 86_400 + 3600;

/// Builds the SQL for `questions` threads among `members` demo members,
/// ending at `now`: no question, answer, vote or point is dated after it. Ids start at `first_id` so a bench can add more.
pub fn qa_sql(questions: usize, members: usize, now: i64, first_id: i64) -> Vec<String> {
    let mut rng = SplitMix64::new(0x9a_2026 + first_id as u64);
    let mut files = Vec::new();
    let mut sql = String::new();
    let mut answer_id = first_id * 4;
    let mut event_id = first_id * 40;
    // Vote gains per (author, day), for the daily cap.
    let mut gained: HashMap<(usize, String), i64> = HashMap::new();
    let mut joined = std::collections::HashSet::new();
    let mut event = |sql: &mut String,
                     who: usize,
                     delta: i64,
                     reason: &str,
                     kind: &str,
                     post: i64,
                     actor: usize,
                     t: i64| {
        let day = day_of(t);
        if joined.insert(who) {
            event_id += 1;
            let _ = writeln!(
                sql,
                "INSERT OR IGNORE INTO point_events (id, user_id, delta, reason, day, created_at) VALUES ({event_id}, {}, 1, 'joined', {}, {t});",
                user(who),
                sql_str(&day)
            );
        }
        let delta = if reason == "question_upvoted" || reason == "answer_upvoted" {
            let g = gained.entry((who, day.clone())).or_insert(0);
            let d = delta.min(200 - *g).max(0);
            *g += d;
            d
        } else {
            delta
        };
        event_id += 1;
        let _ = writeln!(
            sql,
            "INSERT OR IGNORE INTO point_events (id, user_id, delta, reason, post_kind, post_id, actor_id, day, created_at) \
             VALUES ({event_id}, {}, {delta}, '{reason}', '{kind}', {post}, {}, {}, {t});",
            user(who),
            user(actor),
            sql_str(&day)
        );
    };
    for i in 0..questions {
        let qid = first_id + i as i64;
        let (tag, subject, aspects) = *rng.pick(TOPICS);
        let aspect = *rng.pick(aspects);
        let title = format!("{subject}的{aspect}{}", rng.pick(ASKS));
        let body = format!(
            "我想了解**{subject}**中「{aspect}」的作法。\n\n目前遇到的情況是：單位內的說明不一致，想請有經驗的同仁分享。"
        );
        let asker = active(&mut rng, members, 1);
        let created = now - (rng.below(360 * 86_400) as i64) - 3600;
        let extra_tag = rng.pick(TOPICS).0;
        let tags: Vec<&str> = if extra_tag == tag { vec![tag] } else { vec![tag, extra_tag] };
        let tags_json = serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into());
        let n_answers = 1 + rng.below(4);
        let accepted = rng.below(100) < 88;
        let views = 20 + rng.below(2_000);
        // A thread's events (answers, votes, the accept) span up to
        // SPAN after it was asked; a thread asked more recently has its
        // timeline pressed into the time it has had, so nothing is dated
        // after `now`.
        let room = now - 60 - created;
        let fit = move |t: i64| if room >= SPAN { t } else { created + (t - created) * room / SPAN };
        let first_answer = fit(created + 600 + rng.below(72 * 3600) as i64);
        let _ = writeln!(
            sql,
            "INSERT OR IGNORE INTO qa_questions (id, user_id, title, body, body_html, tags, views, answer_count, created_at, updated_at, last_activity_at, first_answer_at) \
             VALUES ({qid}, {}, {}, {}, {}, {}, {views}, {n_answers}, {created}, {created}, {first_answer}, {first_answer});",
            user(asker),
            sql_str(&title),
            sql_str(&body),
            sql_str(&render_markdown(&body)),
            sql_str(&tags_json)
        );
        for t in &tags {
            let _ = writeln!(sql, "INSERT OR IGNORE INTO qa_tags (question_id, tag) VALUES ({qid}, {});", sql_str(t));
        }
        let _ = writeln!(
            sql,
            "INSERT OR IGNORE INTO qa_fts (rowid, title, body) VALUES ({qid}, {}, {});",
            sql_str(&index_tokens(&title)),
            sql_str(&index_tokens(&format!("{body} {}", tags.join(" "))))
        );
        let _ = writeln!(
            sql,
            "INSERT OR IGNORE INTO qa_revisions (post_kind, post_id, user_id, title, body, tags, created_at) \
             SELECT 'q', {qid}, {}, {}, {}, {}, {created} WHERE NOT EXISTS (SELECT 1 FROM qa_revisions WHERE post_kind = 'q' AND post_id = {qid});",
            user(asker),
            sql_str(&title),
            sql_str(&body),
            sql_str(&tags_json)
        );
        // Question upvotes (each voter once).
        let mut voters = std::collections::HashSet::new();
        for _ in 0..rng.below(6) {
            let voter = rng.below(members);
            if voter == asker || !voters.insert(voter) {
                continue;
            }
            let t = fit(created + rng.below(5 * 86_400) as i64);
            let _ = writeln!(
                sql,
                "INSERT OR IGNORE INTO qa_votes (post_kind, post_id, user_id, author_id, value, day, created_at) VALUES ('q', {qid}, {}, {}, 1, {}, {t});",
                user(voter),
                user(asker),
                sql_str(&day_of(t))
            );
            event(&mut sql, asker, 5, "question_upvoted", "q", qid, voter, t);
        }
        let _ = writeln!(sql, "UPDATE qa_questions SET score = (SELECT COUNT(*) FROM qa_votes WHERE post_kind = 'q' AND post_id = {qid}) WHERE id = {qid};");
        let accept_index = if accepted { Some(rng.below(n_answers)) } else { None };
        for k in 0..n_answers {
            answer_id += 1;
            let aid = answer_id;
            let mut answerer = active(&mut rng, members, 2);
            if answerer == asker {
                answerer = (answerer + 1) % members;
            }
            let at = if k == 0 { first_answer } else { fit(first_answer + rng.below(5 * 86_400) as i64) };
            let abody = format!(
                "{}{}的{aspect}，請先確認單位的內部規定，再依下列步驟辦理：\n\n1. 備妥相關文件\n2. 於系統中提出申請\n3. 等候主管核定\n\n詳見 [說明頁](https://example.gov.tw/{tag})。",
                rng.pick(ANSWER_OPENERS),
                subject
            );
            let is_accepted = accept_index == Some(k);
            let _ = writeln!(
                sql,
                "INSERT OR IGNORE INTO qa_answers (id, question_id, user_id, body, body_html, accepted, created_at, updated_at) \
                 VALUES ({aid}, {qid}, {}, {}, {}, {}, {at}, {at});",
                user(answerer),
                sql_str(&abody),
                sql_str(&render_markdown(&abody)),
                i64::from(is_accepted)
            );
            let mut voters = std::collections::HashSet::new();
            for _ in 0..rng.below(5) {
                let voter = rng.below(members);
                if voter == answerer || !voters.insert(voter) {
                    continue;
                }
                let t = fit(at + rng.below(5 * 86_400) as i64);
                let _ = writeln!(
                    sql,
                    "INSERT OR IGNORE INTO qa_votes (post_kind, post_id, user_id, author_id, value, day, created_at) VALUES ('a', {aid}, {}, {}, 1, {}, {t});",
                    user(voter),
                    user(answerer),
                    sql_str(&day_of(t))
                );
                event(&mut sql, answerer, 10, "answer_upvoted", "a", aid, voter, t);
            }
            let _ = writeln!(sql, "UPDATE qa_answers SET score = (SELECT COUNT(*) FROM qa_votes WHERE post_kind = 'a' AND post_id = {aid}) WHERE id = {aid};");
            if is_accepted {
                let t = fit(at + 3600);
                let _ = writeln!(sql, "UPDATE qa_questions SET accepted_answer_id = {aid} WHERE id = {qid};");
                event(&mut sql, answerer, 15, "answer_accepted", "a", aid, asker, t);
                event(&mut sql, asker, 2, "accepting", "a", aid, asker, t);
            }
        }
        if sql.len() > 8_000_000 {
            files.push(std::mem::take(&mut sql));
        }
    }
    if !sql.is_empty() {
        files.push(sql);
    }
    files
}

/// The demo FAQ: (service, category, title, Markdown body).
const FAQ: &[(&str, &str, &str, &str)] = &[
    ("accounts", "登入", "忘記密碼怎麼辦？", "在登入頁按「忘記密碼」，輸入註冊的電子郵件，依信中連結設定新密碼。連結一小時內有效，只能使用一次。"),
    ("accounts", "帳號", "可以更改顯示名稱或語言嗎？", "可以。到「我的帳號」修改顯示名稱，語言可在頁面右上角切換為中文或 English。"),
    ("opendata", "下載", "資料集可以用程式下載嗎？", "可以。每個資源都有下載網址，也可使用 CKAN 相容的 API，例如 `/api/3/action/package_search`。"),
    ("opendata", "授權", "開放資料可以商業使用嗎？", "平臺上的資料多以**政府資料開放授權條款**釋出，可商業使用，但須註明出處。請以各資料集頁面標示的授權為準。"),
    ("opendata", "意見回饋", "發現資料有錯誤要怎麼回報？", "在資料集頁面下方的「意見回饋」留下說明，提供機關會回覆並修正。"),
    ("booking", "預約", "預約儀器需要先受訓嗎？", "部分儀器需要完成訓練才能預約，儀器頁面會標示。完成訓練後由中心人員登錄，即可自行預約。"),
    ("booking", "取消", "取消預約會退回額度嗎？", "在中心規定的期限前取消，預約的額度會全數退回；逾期取消或未到則依中心規定處理。"),
    ("booking", "費用", "儀器使用費怎麼計算？", "依儀器頁面公告的收費標準，按實際預約的時數計算，校內與校外費率不同。"),
    ("qa", "點數", "點數和等級怎麼累積？", "回答被按讚 +10、問題被按讚 +5、回答被採納 +15，每天按讚所得上限 200 點。等級越高，能做的事越多，例如 Lv 2 可以留言、Lv 3 可以投倒讚。"),
    ("qa", "發問", "怎麼問出容易得到回答的問題？", "標題寫清楚想解決的事，內文說明做過哪些嘗試與遇到的訊息，再加上一到五個標籤。"),
];

/// The SQL for the demo FAQ, written by the demo admin; ids from 1, so a
/// second seeding adds nothing.
pub fn faq_sql(now: i64) -> String {
    let mut sql = String::new();
    let admin = "(SELECT id FROM users WHERE email = 'admin@demo.commons.tw')";
    for (i, (service, category, title, body)) in FAQ.iter().enumerate() {
        let id = i + 1;
        let _ = writeln!(
            sql,
            "INSERT OR IGNORE INTO faq_entries (id, service, category, title, body, body_html, created_by, created_at) \
             VALUES ({id}, {}, {}, {}, {}, {}, {admin}, {now});",
            sql_str(service),
            sql_str(category),
            sql_str(title),
            sql_str(body),
            sql_str(&render_markdown(body))
        );
        let _ = writeln!(
            sql,
            "INSERT INTO faq_fts (rowid, title, body) SELECT {id}, {}, {} WHERE NOT EXISTS (SELECT 1 FROM faq_fts WHERE rowid = {id});",
            sql_str(&index_tokens(title)),
            sql_str(&index_tokens(body))
        );
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_threads_are_deterministic_and_plentiful() {
        let a = qa_sql(600, 200, 1_800_000_000, 1);
        assert_eq!(a, qa_sql(600, 200, 1_800_000_000, 1));
        let text = a.concat();
        assert_eq!(text.matches("INSERT OR IGNORE INTO qa_questions").count(), 600);
        assert!(text.matches("INSERT OR IGNORE INTO qa_answers").count() >= 600);
    }

    #[test]
    fn the_demo_spans_the_levels_and_has_an_faq_for_every_service() {
        // Points per member, from the ledger rows the seed writes.
        let text = qa_sql(600, 200, 1_800_000_000, 1).concat();
        let mut points: HashMap<String, i64> = HashMap::new();
        for line in text.lines().filter(|l| l.starts_with("INSERT OR IGNORE INTO point_events")) {
            let values = line.split("VALUES (").nth(1).unwrap_or_default();
            let mut parts = values.splitn(3, ", ");
            let _id = parts.next();
            let who = parts.next().unwrap_or_default().to_string();
            let delta: i64 = parts.next().and_then(|r| r.split(", ").next()).and_then(|d| d.parse().ok()).unwrap_or(0);
            *points.entry(who).or_insert(0) += delta;
        }
        let levels: std::collections::BTreeSet<u8> =
            points.values().map(|p| commons_domain::qa::level_of(*p).number).collect();
        assert!(levels.len() >= 4, "levels held: {levels:?}");
        let faq = faq_sql(1_800_000_000);
        for service in commons_domain::qa::FAQ_SERVICES {
            assert!(faq.contains(&format!(", '{service}', ")), "no FAQ entry for {service}");
        }
    }

    #[test]
    fn nothing_is_dated_after_now_and_the_last_week_has_activity() {
        let now = 1_800_000_000;
        let text = qa_sql(600, 200, now, 1).concat();
        // Every created_at is the last value of its VALUES tuple.
        let times: Vec<i64> = text
            .lines()
            .filter(|l| l.contains("VALUES ("))
            .filter_map(|l| l.trim_end_matches(");").rsplit(", ").next()?.parse().ok())
            .collect();
        assert!(times.len() > 3_000, "{} timestamps", times.len());
        assert!(times.iter().all(|t| *t <= now), "latest {:?}", times.iter().max());
        let last_week = times.iter().filter(|t| **t > now - 7 * 86_400).count();
        assert!(last_week >= 20, "{last_week} events in the last week");
    }
}
