//! Knowledge Q&A benchmarks over 100,000 questions: search (1 and 32
//! clients), a vote (each request a new voter/post pair, so every one writes
//! the ledger), and a question page with 50 answers.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::bench::{scenario_with, WrkRequest};

/// Questions in the bench catalogue.
pub const QUESTIONS: usize = 100_000;
/// Bench users: authors ask, voters vote (40 votes a day each).
const AUTHORS: usize = 50;
const VOTERS: usize = 400;
/// Ids far above anything the tests or the demo create.
const USER_BASE: i64 = 5_000_000;
const QUESTION_BASE: i64 = 5_000_000;

const SUBJECTS: &[&str] = &[
    "國民年金保險費",
    "差勤系統補登",
    "公文線上簽核",
    "研究計畫經費核銷",
    "貴重儀器預約額度",
    "開放資料授權",
    "公教人員保險",
    "國內出差旅費",
    "政府採購驗收",
    "單一簽入帳號",
    "退休年資採計",
    "人事服務網",
];
const ASKS: &[&str] = &["該如何辦理", "需要哪些文件", "有什麼限制", "流程多久", "誰可以申請"];

fn token(i: usize) -> String {
    format!("bench-qa-session-{i:05}")
}

/// Writes the bench data as SQL files (multi-row INSERTs of 100 rows: D1 refuses
/// statements over 100 KB).
fn write_data(dir: &Path, now: i64) -> crate::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    let mut users = String::new();
    for i in 0..AUTHORS + VOTERS {
        let id = USER_BASE + i as i64;
        let _ = writeln!(
            users,
            "INSERT OR IGNORE INTO users (id, email, display_name, password_hash, created_at) VALUES ({id}, 'benchqa{i}@bench.commons.tw', '壓測{i}', 'disabled', {now});"
        );
        let hash = hex::encode(Sha256::digest(token(i).as_bytes()));
        let _ = writeln!(
            users,
            "INSERT OR IGNORE INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ('{hash}', {id}, {now}, {});",
            now + 30 * 86_400
        );
    }
    let f = dir.join("users.sql");
    std::fs::write(&f, users).map_err(|e| e.to_string())?;
    files.push(f);
    let mut rng = crate::rng::SplitMix64::new(100_000);
    let mut chunk = String::new();
    for start in (0..QUESTIONS).step_by(100) {
        let mut q = String::from(
            "INSERT OR IGNORE INTO qa_questions (id, user_id, title, body, body_html, tags, created_at, updated_at, last_activity_at) VALUES ",
        );
        let mut fts = String::from("INSERT OR IGNORE INTO qa_fts (rowid, title, body) VALUES ");
        let mut tags = String::from("INSERT OR IGNORE INTO qa_tags (question_id, tag) VALUES ");
        for i in start..(start + 100).min(QUESTIONS) {
            let id = QUESTION_BASE + i as i64;
            let author = USER_BASE + rng.below(AUTHORS) as i64;
            let title = format!("{}{}？（{i}）", rng.pick(SUBJECTS), rng.pick(ASKS));
            let body = format!("想請教{}的細節，單位說法不一。", rng.pick(SUBJECTS));
            let tag = format!("t{}", rng.below(200));
            let t = now - rng.below(365 * 86_400) as i64;
            if i > start {
                q.push(',');
                fts.push(',');
                tags.push(',');
            }
            let _ = write!(q, "({id}, {author}, '{title}', '{body}', '<p>{body}</p>', '[\"{tag}\"]', {t}, {t}, {t})");
            let _ = write!(
                fts,
                "({id}, '{}', '{}')",
                commons_domain::common::search::index_tokens(&title),
                commons_domain::common::search::index_tokens(&format!("{body} {tag}"))
            );
            let _ = write!(tags, "({id}, '{tag}')");
        }
        let _ = writeln!(chunk, "{q};\n{fts};\n{tags};");
        if chunk.len() > 10_000_000 {
            let f = dir.join(format!("questions-{start}.sql"));
            std::fs::write(&f, std::mem::take(&mut chunk)).map_err(|e| e.to_string())?;
            files.push(f);
        }
    }
    // One question with 50 answers (and a comment on each), for the page scenario.
    let page_q = QUESTION_BASE;
    let _ = write!(chunk, "INSERT OR IGNORE INTO qa_answers (id, question_id, user_id, body, body_html, score, created_at, updated_at) VALUES ");
    for k in 0..50 {
        if k > 0 {
            chunk.push(',');
        }
        let _ = write!(
            chunk,
            "({}, {page_q}, {}, '第 {k} 個回答：請依規定辦理。', '<p>第 {k} 個回答：<strong>請依規定辦理</strong>。</p>', {k}, {now}, {now})",
            QUESTION_BASE + k,
            USER_BASE + (k % AUTHORS as i64)
        );
    }
    let _ = writeln!(chunk, ";\nUPDATE qa_questions SET answer_count = 50 WHERE id = {page_q};");
    let f = dir.join("questions-last.sql");
    std::fs::write(&f, chunk).map_err(|e| e.to_string())?;
    files.push(f);
    Ok(files)
}

/// A wrk script: each request a different voter (by session cookie) upvoting a
/// different question, so every request writes a vote and its ledger row.
fn vote_script(run: usize) -> String {
    let mut lua = String::from("local n = 0\nrequest = function()\n");
    let _ = write!(
        lua,
        "  local i = n + {offset}\n  n = n + 1\n  local voter = {AUTHORS} + (i % {VOTERS})\n  local q = {QUESTION_BASE} + 1 + ((i * 7919) % {})\n\
           local body = '{{\"kind\":\"question\",\"id\":' .. q .. ',\"value\":1}}'\n\
           return wrk.format(\"POST\", \"/api/qa/votes\", {{[\"Content-Type\"] = \"application/json\", [\"Cookie\"] = \"commons_session=bench-qa-session-\" .. string.format(\"%05d\", voter)}}, body)\nend\n",
        QUESTIONS - 1,
        offset = run * 2_500
    );
    lua
}

/// Seeds the Q&A bench data into `state` and runs the scenarios against `base`.
pub fn run(state: &Path, base: &str) -> crate::Result<Value> {
    let now =
        (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)) as i64;
    let dir = crate::root().join("target/bench-qa");
    eprintln!("==> bench: writing {QUESTIONS} questions");
    let files = write_data(&dir, now)?;
    let t = std::time::Instant::now();
    for f in &files {
        crate::stack::execute_sql_file(state, f)?;
    }
    eprintln!("    loaded in {:.1} s", t.elapsed().as_secs_f64());
    let mut out = serde_json::Map::new();
    out.insert("dataset".into(), json!({"questions": QUESTIONS, "answers_on_page": 50}));
    let search = format!("{base}/api/qa/questions?q=%E5%B9%B4%E9%87%91");
    eprintln!("==> bench: Q&A search 年金, 1 client");
    out.insert("search_1".into(), scenario_with(&WrkRequest::get(&search), 1)?);
    eprintln!("==> bench: Q&A search 年金, 32 clients");
    out.insert("search_32".into(), scenario_with(&WrkRequest::get(&search), 32)?);
    // The same search computed afresh every time: what a query nobody has
    // asked in the last minute costs.
    let uncached = || WrkRequest::get(&search).header("Cache-Control", "no-cache");
    eprintln!("==> bench: Q&A search 年金 computed afresh (Cache-Control: no-cache), 1 and 32 clients");
    out.insert("search_uncached_1".into(), scenario_with(&uncached(), 1)?);
    out.insert("search_uncached_32".into(), scenario_with(&uncached(), 32)?);
    eprintln!("==> bench: question page with 50 answers, 1 client");
    let page = format!("{base}/api/qa/questions/{QUESTION_BASE}");
    out.insert("question_page_50_answers_1".into(), scenario_with(&WrkRequest::get(&page), 1)?);
    eprintln!("==> bench: vote (a new voter/question pair each time), 1 client");
    out.insert("vote_1".into(), scenario_with(&WrkRequest::script(vote_script).url(base), 1)?);
    Ok(Value::Object(out))
}
