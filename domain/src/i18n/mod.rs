//! The UI text catalogue, zh-TW first with English beside it.
//!
//! Every visible string of the SPA is a key here. Each row carries both
//! languages, and tests check that no translation is empty, no key repeats,
//! every error kind and role has its text, and every key the frontend source
//! uses exists.

use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Locale {
    /// Traditional Chinese (Taiwan), the default.
    #[default]
    #[serde(rename = "zh-TW")]
    ZhTw,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// The BCP 47 tag, as stored and as put on `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhTw => "zh-TW",
            Locale::En => "en",
        }
    }
    /// Parses a tag; accepts `zh-TW`, `zh-Hant`, `zh` and `en*` loosely.
    pub fn parse(s: &str) -> Option<Locale> {
        let l = s.trim().to_ascii_lowercase();
        if l == "zh-tw" || l == "zh-hant" || l == "zh" || l.starts_with("zh-hant-") {
            Some(Locale::ZhTw)
        } else if l == "en" || l.starts_with("en-") {
            Some(Locale::En)
        } else {
            None
        }
    }
    /// The other language, for the one-click switch.
    pub fn other(self) -> Locale {
        match self {
            Locale::ZhTw => Locale::En,
            Locale::En => Locale::ZhTw,
        }
    }
}

/// (key, zh-TW, en). Grouped by page; keep keys dotted and lower-case.
pub const CATALOGUE: &[(&str, &str, &str)] = &[
    // The shell.
    ("app.name", "Commons 公共平台", "Commons"),
    ("app.tagline", "開放資料・貴重儀器・知識分享", "Open data · Shared instruments · Knowledge"),
    ("nav.skip", "跳到主要內容", "Skip to main content"),
    ("nav.main", "主要導覽", "Main navigation"),
    ("nav.home", "首頁", "Home"),
    ("nav.data", "開放資料", "Open data"),
    ("nav.booking", "儀器預約", "Instrument booking"),
    ("nav.qa", "知識問答", "Knowledge Q&A"),
    ("nav.menu", "選單", "Menu"),
    ("lang.switch", "English", "中文"),
    // Language names are written in their own language in both catalogues.
    ("lang.name_zh", "中文", "中文"),
    ("lang.name_en", "English", "English"),
    ("lang.switch_label", "切換為英文介面", "Switch to Chinese"),
    ("settings.roc_years", "民國年", "ROC years"),
    ("settings.roc_years_label", "以民國年顯示日期", "Show dates in ROC (Minguo) years"),
    ("footer.about", "Commons 是為臺灣研究與公民社群打造的公共服務平台。", "Commons is a public-service platform for Taiwan's research and civic community."),
    ("footer.data_source", "部分資料來源：政府資料開放平臺 (data.gov.tw)，依政府資料開放授權條款第1版提供。", "Some data from data.gov.tw under the Open Government Data License v1.0."),
    ("footer.time_zone", "所有時間皆以臺北時間 (UTC+8) 顯示。", "All times are shown in Taipei time (UTC+8)."),
    // Common states.
    ("common.loading", "載入中…", "Loading…"),
    ("common.retry", "重試", "Try again"),
    ("common.close", "關閉", "Close"),
    ("common.saving", "儲存中…", "Saving…"),
    ("common.save", "儲存", "Save"),
    ("common.saved", "已儲存", "Saved"),
    // Accounts.
    ("account.menu", "帳號選單", "Account menu"),
    ("account.login", "登入", "Sign in"),
    ("account.register", "註冊", "Create account"),
    ("account.logout", "登出", "Sign out"),
    ("account.profile", "我的帳號", "My account"),
    ("account.title", "我的帳號", "My account"),
    ("account.member_since", "加入時間", "Member since"),
    ("account.roles", "角色", "Roles"),
    ("account.no_roles", "一般會員", "Community member"),
    ("account.preferences", "偏好設定", "Preferences"),
    ("account.language", "介面語言", "Interface language"),
    ("account.sign_in_needed", "請先登入才能查看此頁面。", "Please sign in to see this page."),
    ("auth.login_title", "登入 Commons", "Sign in to Commons"),
    ("auth.login_lead", "使用您的電子郵件與密碼登入。", "Use your e-mail and password."),
    ("auth.register_title", "建立 Commons 帳號", "Create your Commons account"),
    ("auth.register_lead", "一個帳號即可使用開放資料、儀器預約與知識問答。", "One account for open data, instrument booking and Q&A."),
    ("auth.no_account", "還沒有帳號？", "No account yet?"),
    ("auth.have_account", "已經有帳號了？", "Already have an account?"),
    ("auth.password_hint", "至少 8 個字元。", "At least 8 characters."),
    ("auth.welcome", "歡迎，{name}", "Welcome, {name}"),
    ("auth.signed_in_as", "已登入：{name}", "Signed in as {name}"),
    ("auth.logged_out", "您已登出。", "You have signed out."),
    ("form.email", "電子郵件", "E-mail"),
    ("form.password", "密碼", "Password"),
    ("form.display_name", "顯示名稱", "Display name"),
    ("form.required", "必填", "Required"),
    ("role.member", "會員", "Member"),
    ("role.researcher", "研究人員", "Researcher"),
    ("role.pi", "計畫主持人", "Principal investigator"),
    ("role.facility_staff", "貴儀中心人員", "Facility staff"),
    ("role.publisher", "資料提供機關人員", "Data publisher"),
    ("role.moderator", "版主", "Moderator"),
    ("role.admin", "系統管理員", "Administrator"),
    // Errors: one per ErrorKind, plus client-side failures.
    ("error.title", "發生錯誤", "Something went wrong"),
    ("error.bad_request", "請求格式有誤，請重新整理後再試。", "The request was malformed. Please reload and try again."),
    ("error.invalid", "有欄位未通過檢查，請修正後再送出。", "Some fields need fixing before you submit."),
    ("error.unauthorized", "請先登入。", "Please sign in first."),
    ("error.forbidden", "您沒有執行此操作的權限。", "You are not allowed to do that."),
    ("error.cross_origin", "此請求來自其他網站，已被拒絕。", "This request came from another site and was refused."),
    ("error.not_found", "找不到您要的資料。", "We could not find that."),
    ("error.method_not_allowed", "此操作不被支援。", "That action is not supported."),
    ("error.conflict", "與現有資料衝突（例如電子郵件已被使用）。", "That conflicts with existing data (for example, the e-mail is taken)."),
    ("error.slot_taken", "這個時段已被預約，請選擇其他時段。", "That time is already booked. Please pick another slot."),
    ("error.quota_exceeded", "計畫主持人的額度不足以支付此預約。", "The PI's quota does not cover this booking."),
    ("error.payload_too_large", "送出的內容太大。", "What you sent is too large."),
    ("error.throttled", "嘗試次數過多，請 15 分鐘後再試。", "Too many attempts. Please try again in 15 minutes."),
    ("error.internal", "伺服器發生問題，我們已記錄下來。請稍後再試。", "Something broke on our side and has been logged. Please try again later."),
    ("error.network", "無法連線到伺服器，請檢查網路後再試。", "Could not reach the server. Check your connection and try again."),
    ("error.login_failed", "電子郵件或密碼不正確。", "Wrong e-mail or password."),
    ("error.detail", "詳細：{detail}", "Details: {detail}"),
    // Home.
    ("home.title", "臺灣研究與公民社群的公共平台", "A public platform for Taiwan's research and civic community"),
    ("home.lead", "查找政府開放資料、預約大學貴重儀器、向社群請教問題——一個帳號就能完成。", "Find government open data, book shared university instruments and ask the community, all with one account."),
    ("home.data_title", "開放資料", "Open data"),
    ("home.data_body", "政府資料集目錄，支援中文檢索、詮釋資料標準與 CKAN 相容 API。", "A catalogue of government datasets with Chinese-aware search, the official metadata standard and a CKAN-compatible API."),
    ("home.booking_title", "貴重儀器預約", "Instrument booking"),
    ("home.booking_body", "跨校貴儀中心的行事曆、計畫額度與收費，一次看清楚。", "Calendars, PI quotas and fees for shared instruments across university centres."),
    ("home.qa_title", "知識問答", "Knowledge Q&A"),
    ("home.qa_body", "提問、回答與評分，累積點數與等級，並有專人整理的常見問題。", "Ask, answer and rate; earn points and levels; browse a staff-curated FAQ."),
    ("home.open", "前往", "Open"),
    ("home.get_started", "建立免費帳號", "Create a free account"),
    // Service landing pages (the services themselves arrive with their issues).
    ("data.lead", "政府機關開放資料集的目錄：中文正確的全文檢索、分面篩選、資料預覽與圖表。", "The catalogue of government open datasets: Chinese-correct search, facets, previews and charts."),
    ("data.f1", "依機關、分類、格式、授權篩選", "Filter by agency, category, format and licence"),
    ("data.f2", "CSV 預覽與自動圖表", "CSV previews and automatic charts"),
    ("data.f3", "CKAN 相容 Action API 與 DCAT 匯出", "CKAN-compatible Action API and DCAT export"),
    // Open data: home, search, dataset, preview and charts, agencies.
    ("data.search_label", "搜尋資料集", "Search datasets"),
    ("data.search_placeholder", "資料集名稱、關鍵字或機關，例如「年金」", "Title, keyword or agency, e.g. 年金 (pension)"),
    ("data.search_title", "搜尋資料集", "Search datasets"),
    ("data.search_for", "搜尋：{q}", "Search: {q}"),
    ("data.numbers", "資料目錄統計", "Catalogue figures"),
    ("data.stat_datasets", "資料集", "Datasets"),
    ("data.stat_organizations", "提供機關", "Agencies"),
    ("data.stat_resources", "資料資源", "Resources"),
    ("data.categories", "服務分類", "Service categories"),
    ("data.popular", "熱門資料集", "Most viewed"),
    ("data.newest", "最新上架", "Newest"),
    ("data.none_yet", "目前還沒有資料集。", "No datasets yet."),
    ("data.chart_by_agency", "資料集數量最多的 10 個機關", "The 10 agencies with the most datasets"),
    ("data.all_agencies", "所有提供機關", "All agencies"),
    ("data.agencies", "提供機關", "Agencies"),
    ("data.agency_filter", "篩選機關名稱", "Filter agencies by name"),
    ("data.agency_count", "共 {n} 個機關", "{n} agencies"),
    ("data.browse_agency", "瀏覽此機關的 {n} 筆資料集", "Browse this agency's {n} datasets"),
    ("data.filters", "篩選條件", "Filters"),
    ("data.active_filters", "目前的篩選條件", "Active filters"),
    ("data.remove_filter", "移除篩選：{filter}", "Remove filter: {filter}"),
    ("data.clear_filters", "清除所有篩選", "Clear all filters"),
    ("data.facet.organization", "提供機關", "Agency"),
    ("data.facet.category", "服務分類", "Service category"),
    ("data.facet.format", "檔案格式", "Format"),
    ("data.facet.license", "授權方式", "Licence"),
    ("data.facet.frequency", "更新頻率", "Update frequency"),
    ("data.facet.quality", "品質檢測", "Quality"),
    ("data.facet.tag", "標籤", "Tags"),
    ("data.facet_more", "其他 {n} 項", "{n} more"),
    ("data.results", "搜尋結果", "Results"),
    ("data.result_count", "共 {n} 筆資料集", "{n} datasets"),
    ("data.no_results", "找不到符合條件的資料集。請換個關鍵字，或減少篩選條件。", "No datasets match. Try other words or fewer filters."),
    ("data.first_page", "回到第一頁", "Back to the first page"),
    ("data.sort_by", "排序", "Sort by"),
    ("data.sort.relevance", "最相關", "Relevance"),
    ("data.sort.newest", "最新上架", "Newest"),
    ("data.sort.views", "瀏覽次數", "Most viewed"),
    ("data.sort.downloads", "下載次數", "Most downloaded"),
    ("data.sort.rating", "評分", "Best rated"),
    ("data.quality.platinum", "白金", "Platinum"),
    ("data.quality.gold", "金", "Gold"),
    ("data.quality.silver", "銀", "Silver"),
    ("data.quality.bronze", "銅", "Bronze"),
    ("data.quality.none", "未檢測", "Not assessed"),
    ("data.quality_badge", "品質：{grade}", "Quality: {grade}"),
    ("data.views_n", "瀏覽 {n} 次", "{n} views"),
    ("data.downloads_n", "下載 {n} 次", "{n} downloads"),
    ("data.records_n", "{n} 筆資料", "{n} records"),
    ("data.issued_on", "上架 {date}", "Issued {date}"),
    ("data.rating", "評分 {stars} / 5", "Rated {stars} / 5"),
    ("data.back_to_search", "回到資料集搜尋", "Back to dataset search"),
    ("data.no_description", "此資料集沒有描述。", "This dataset has no description."),
    ("data.jsonld", "DCAT 詮釋資料（JSON-LD）", "DCAT metadata (JSON-LD)"),
    ("data.atom", "異動通知（Atom）", "Change feed (Atom)"),
    ("data.resources_n", "資料資源（{n}）", "Resources ({n})"),
    ("data.no_resources", "此資料集目前沒有資料資源。", "This dataset has no resources yet."),
    ("data.in_datastore", "可預覽", "Previewable"),
    ("data.download", "下載", "Download"),
    ("data.access_page", "資源說明頁", "About this resource"),
    ("data.preview", "預覽與圖表", "Preview and chart"),
    ("data.preview_of", "資料預覽：{name}", "Preview: {name}"),
    ("data.similar", "相似資料集", "Similar datasets"),
    ("data.metadata", "詮釋資料", "Metadata"),
    ("data.not_given", "未提供", "Not given"),
    ("data.meta.identifier", "資料集識別碼", "Identifier"),
    ("data.meta.field_description", "主要欄位說明", "Main fields"),
    ("data.meta.data_type", "資料提供屬性", "Data type"),
    ("data.meta.category", "服務分類", "Service category"),
    ("data.meta.keywords", "標籤", "Keywords"),
    ("data.meta.license", "授權方式", "Licence"),
    ("data.meta.license_url", "授權說明網址", "Licence URL"),
    ("data.meta.cost", "計費方式", "Cost"),
    ("data.meta.cost_url", "計費說明網址", "Cost details URL"),
    ("data.meta.cost_law", "計費法令依據", "Legal basis for charges"),
    ("data.meta.organization", "提供機關", "Agency"),
    ("data.meta.organization_contact_name", "提供機關聯絡人", "Agency contact"),
    ("data.meta.organization_contact_phone", "提供機關聯絡人電話", "Agency contact phone"),
    ("data.meta.organization_contact_email", "提供機關聯絡人電子郵件", "Agency contact e-mail"),
    ("data.meta.publisher", "資料發布單位", "Publisher"),
    ("data.meta.publisher_contact_name", "發布單位聯絡人", "Publisher contact"),
    ("data.meta.publisher_contact_phone", "發布單位聯絡人電話", "Publisher contact phone"),
    ("data.meta.publisher_contact_email", "發布單位聯絡人電子郵件", "Publisher contact e-mail"),
    ("data.meta.publisher_oid", "發布單位 OID", "Publisher OID"),
    ("data.meta.accrual_periodicity", "更新頻率", "Update frequency"),
    ("data.meta.temporal_from", "資料收錄起始日期", "Coverage from"),
    ("data.meta.temporal_to", "資料收錄截止日期", "Coverage to"),
    ("data.meta.issued", "上架日期", "Issued"),
    ("data.meta.modified", "詮釋資料更新時間", "Metadata updated"),
    ("data.meta.spatial", "空間範圍", "Spatial coverage"),
    ("data.meta.language", "語系", "Language"),
    ("data.meta.landing_page", "相關網址", "Landing page"),
    ("data.meta.number_of_data", "資料量", "Number of records"),
    ("data.meta.quality", "品質檢測", "Quality"),
    ("data.meta.upload_method", "資料集上架方式", "How it is published"),
    ("data.meta.notes", "備註", "Notes"),
    ("data.meta.created_at", "本站收錄時間", "Added to Commons"),
    ("data.meta.updated_at", "本站最後更新時間", "Last updated on Commons"),
    ("data.res.details", "資源詮釋資料", "Resource metadata"),
    ("data.res.resource_id", "資源識別碼", "Resource ID"),
    ("data.res.description", "資源描述", "Description"),
    ("data.res.format", "檔案格式", "Format"),
    ("data.res.encoding", "編碼格式", "Character set"),
    ("data.res.modified", "資源最後更新時間", "Last modified"),
    ("data.res.access_url", "資源說明網址", "Access URL"),
    ("data.res.download_url", "資源下載網址", "Download URL"),
    ("data.res.metadata_source", "詮釋資料來源", "Metadata source"),
    ("data.res.record_count", "資料量", "Number of records"),
    ("data.res.resource_field", "欄位", "Fields"),
    ("data.rows_pages", "預覽分頁", "Preview pages"),
    ("data.rows_range", "第 {from}–{to} 列，共 {total} 列", "Rows {from}–{to} of {total}"),
    ("data.sort_column", "依「{col}」排序", "Sort by {col}"),
    ("data.col.text", "文字", "text"),
    ("data.col.numeric", "數值", "number"),
    ("data.col.year", "年", "year"),
    ("data.year_roc", "{ce}（民國{roc}年）", "{ce} (ROC {roc})"),
    ("data.chart_builder", "製作圖表", "Make a chart"),
    ("data.chart_x", "橫軸（X）", "X axis"),
    ("data.chart_y", "縱軸（Y，數值）", "Y axis (numbers)"),
    ("data.chart_type", "圖表類型", "Chart type"),
    ("data.chart.bar", "長條圖", "Bar"),
    ("data.chart.line", "折線圖", "Line"),
    ("data.chart.pie", "圓餅圖", "Pie"),
    ("data.chart_title", "{y}（依{x}）", "{y} by {x}"),
    ("data.chart_points", "共 {n} 個資料點。", "{n} points."),
    ("data.chart_first_rows", "圖表只取前 {n} 列（共 {total} 列）。", "The chart uses the first {n} of {total} rows."),
    ("data.chart_no_numbers", "這份資料沒有數值欄位，無法製作圖表。", "This table has no numeric column to chart."),
    ("booking.lead", "各大學貴重儀器中心的儀器，在同一個行事曆上預約，永不重複預約。", "Book instruments at university centres on one calendar that never double-books."),
    ("booking.f1", "週曆與月曆，顯示可預約時段", "Week and month calendars showing free time"),
    ("booking.f2", "計畫主持人額度、收費與收據", "PI quotas, fees and receipts"),
    ("booking.f3", "ICS 行事曆訂閱", "ICS calendar feeds"),
    ("qa.lead", "社群成員互相提問與回答，累積點數、升級並獲得徽章。", "Community members ask and answer, earning points, levels and badges."),
    ("qa.f1", "安全的 Markdown 與修訂紀錄", "Safe Markdown with revision history"),
    ("qa.f2", "點數帳本、等級與排行榜", "A points ledger, levels and leaderboards"),
    ("qa.f3", "常見問題與相似問題建議", "FAQ and similar-question suggestions"),
    // Instrument booking.
    ("common.search", "搜尋", "Search"),
    ("common.prev", "上一頁", "Previous"),
    ("common.next", "下一頁", "Next"),
    ("common.page_of", "第 {page} / {pages} 頁", "Page {page} of {pages}"),
    ("nav.breadcrumbs", "導覽路徑", "Breadcrumbs"),
    ("booking.none", "找不到符合條件的儀器。", "No instruments match."),
    ("booking.count", "共 {n} 台儀器", "{n} instruments"),
    ("booking.fee_hour", "{fee} / 小時", "{fee} per hour"),
    ("booking.fee_sample", "{fee} / 件樣品", "{fee} per sample"),
    ("booking.fee_academic", "學術收費", "Academic fee"),
    ("booking.fee_industry", "產業收費", "Industry fee"),
    ("booking.needs_approval", "需中心審核", "Needs approval"),
    ("booking.external", "其他部會・外部預約", "Other agency · booked elsewhere"),
    ("booking.book_elsewhere", "前往該單位預約", "Book on the owner's site"),
    ("booking.external_note", "這台儀器屬於其他部會，請在該單位的系統預約。", "This instrument belongs to another agency; book it on their system."),
    ("booking.needs_training", "需完成訓練", "Training required"),
    ("booking.pages", "分頁", "Pages"),
    ("booking.mine", "我的預約", "My bookings"),
    ("booking.search_label", "搜尋儀器", "Search instruments"),
    ("booking.search_placeholder", "儀器名稱、類別，例如「顯微鏡」", "Name or category, e.g. microscope"),
    ("booking.center", "貴儀中心", "Centre"),
    ("booking.all_centers", "所有貴儀中心", "All centres"),
    ("booking.sign_in_to_book", "登入後即可預約。", "Sign in to book."),
    ("booking.pick_slot", "請在週曆上點選一個可預約的時段。", "Pick a free slot on the calendar."),
    ("booking.selected", "已選擇：", "Selected:"),
    ("booking.length", "使用時間", "Length"),
    ("booking.minutes", "{n} 分鐘", "{n} minutes"),
    ("booking.repeat", "每週重複", "Repeat weekly"),
    ("booking.repeat_none", "不重複", "Just once"),
    ("booking.repeat_weeks", "連續 {n} 週", "{n} weeks"),
    ("booking.payment", "付款方式", "Payment"),
    ("booking.pay_cash", "現金（開立收據）", "Cash (with receipt)"),
    ("booking.pay_quota", "{pi} 的計畫額度（餘額 {balance}）", "{pi}'s quota (balance {balance})"),
    ("booking.estimate", "預估費用：{cost}", "Estimated cost: {cost}"),
    ("booking.request", "送出預約申請", "Request booking"),
    ("booking.book", "確認預約", "Book"),
    ("booking.done", "預約成功：{when}", "Booked: {when}"),
    ("booking.done_pending", "已送出申請，等待中心審核：{when}", "Requested, awaiting the centre's approval: {when}"),
    ("booking.rules", "預約規則", "Booking rules"),
    ("booking.rules_text", "每次 {min}–{max} 分鐘；可預約未來 {days} 天內；開始前 {hours} 小時內不可自行取消。", "{min}–{max} minutes per booking; up to {days} days ahead; no self-cancellation within {hours} hours of the start."),
    ("booking.week", "週曆", "Week"),
    ("booking.no_bookings", "目前沒有預約。", "You have no bookings yet."),
    ("booking.instrument", "儀器", "Instrument"),
    ("booking.when", "時間", "When"),
    ("booking.status", "狀態", "Status"),
    ("booking.cost", "費用", "Cost"),
    ("booking.actions", "操作", "Actions"),
    ("booking.cancel", "取消預約", "Cancel"),
    ("center.pending", "待審核的預約申請", "Requests awaiting approval"),
    ("center.no_pending", "目前沒有待審核的申請。", "Nothing to approve."),
    ("center.booker", "預約者", "Booker"),
    ("center.confirm", "核准", "Approve"),
    ("center.prev_day", "← 前一天", "← Previous day"),
    ("center.next_day", "後一天 →", "Next day →"),
    ("center.day_view", "中心日檢視", "Centre day view"),
    ("booking.favorite", "加入最愛（以相似儀器為替代）", "Add to favourites (similar instruments as substitutes)"),
    ("booking.favorited", "已加入最愛。", "Added to favourites."),
    ("booking.similar", "相似儀器", "Similar instruments"),
    ("booking.favorites_title", "我的最愛：指定時段是否可預約", "My favourites at a given time"),
    ("booking.check", "查詢", "Check"),
    ("booking.date", "日期", "Date"),
    ("booking.time", "時間", "Time"),
    ("booking.fav_free", "可預約", "Free"),
    ("booking.fav_full", "已滿，可改用：", "Full; try instead:"),
    ("booking.fav_none", "已滿，替代儀器也都已滿。", "Full, and so are its substitutes."),
    ("booking.no_favorites", "尚未設定最愛儀器。", "No favourites yet."),
    ("cal.time", "時間", "Time"),
    ("cal.prev_week", "← 上一週", "← Previous week"),
    ("cal.next_week", "下一週 →", "Next week →"),
    ("cal.free", "可預約", "Free"),
    ("cal.month_view", "月檢視", "Month view"),
    ("cal.free_slots", "{n} 個空檔", "{n} free"),
    ("cal.mine", "我的預約", "Mine"),
    ("cal.pending", "待審核", "Pending"),
    ("cal.confirmed", "已預約", "Booked"),
    ("cal.blackout", "維護／停機", "Maintenance"),
    ("cal.unavailable", "不開放", "Unavailable"),
    ("weekday.0", "週一", "Mon"),
    ("weekday.1", "週二", "Tue"),
    ("weekday.2", "週三", "Wed"),
    ("weekday.3", "週四", "Thu"),
    ("weekday.4", "週五", "Fri"),
    ("weekday.5", "週六", "Sat"),
    ("weekday.6", "週日", "Sun"),
    ("status.pending", "待審核", "Pending"),
    ("status.confirmed", "已確認", "Confirmed"),
    ("status.cancelled", "已取消", "Cancelled"),
    ("status.completed", "已完成", "Completed"),
    ("status.no_show", "未到", "No-show"),
    // Notifications (the bell).
    ("notify.bell_label", "通知（{n} 則未讀）", "Notifications ({n} unread)"),
    ("notify.empty", "目前沒有通知。", "No notifications yet."),
    ("notify.mark_read", "全部標為已讀", "Mark all read"),
    ("notify.booking_confirmed", "您預約的{instrument}（{start}）已確認。", "Your booking of {instrument} ({start}) is confirmed."),
    ("notify.booking_cancelled_by_centre", "中心已取消您預約的{instrument}（{start}）。", "The centre cancelled your booking of {instrument} ({start})."),
    ("notify.booking_reminder", "提醒：您明天預約了{instrument}（{start}）。", "Reminder: you have {instrument} booked tomorrow ({start})."),
    ("notify.waitlist_slot_free", "您候補的{instrument}時段（{start}）已空出，您是第 {position} 位。", "The {instrument} slot you waited for ({start}) is free; you are number {position}."),
    ("notify.dataset_updated", "您訂閱的資料集「{title}」已更新：{what}。", "The dataset \u{201c}{title}\u{201d} you follow was updated: {what}."),
    ("notify.feedback_replied", "機關已回覆您的意見「{title}」。", "The agency replied to your feedback \u{201c}{title}\u{201d}."),
    ("notify.request_answered", "機關已回應您的資料需求「{title}」。", "An agency answered your dataset request \u{201c}{title}\u{201d}."),
    ("notify.showcase_approved", "您的應用展示「{title}」已通過審核。", "Your showcase \u{201c}{title}\u{201d} was approved."),
    ("notify.showcase_rejected", "您的應用展示「{title}」未通過審核。", "Your showcase \u{201c}{title}\u{201d} was not approved."),
    ("notify.dataset_overdue", "資料集「{title}」已逾更新期限，請更新。", "The dataset \u{201c}{title}\u{201d} is overdue for its update."),
    ("notify.new_answer", "您的問題「{title}」有新回答。", "Your question \u{201c}{title}\u{201d} has a new answer."),
    ("notify.new_comment", "「{title}」有新留言。", "New comment on \u{201c}{title}\u{201d}."),
    ("notify.answer_accepted", "您在「{title}」的回答被採納了！", "Your answer to \u{201c}{title}\u{201d} was accepted!"),
    ("notify.level_up", "恭喜升到第 {level} 級！", "You reached level {level}!"),
    ("notify.badge", "您獲得了新徽章：{badge}。", "You earned a badge: {badge}."),
    // Reports.
    ("report.total", "合計", "Total"),
    ("report.title", "中心報表", "Centre reports"),
    ("report.kind", "報表", "Report"),
    ("report.from", "起日", "From"),
    ("report.to", "迄日", "To"),
    ("report.run", "產生報表", "Run report"),
    ("report.csv", "下載 CSV", "Download CSV"),
    ("report.chart", "報表圖表", "Report chart"),
    ("report.col.date", "日期", "Date"),
    ("report.col.instrument", "儀器", "Instrument"),
    ("report.col.booker", "預約者", "Booker"),
    ("report.col.pi", "計畫主持人", "PI"),
    ("report.col.hours", "使用時數", "Hours"),
    ("report.col.payment", "付款方式", "Payment"),
    ("report.col.status", "狀態", "Status"),
    ("report.col.amount", "金額", "Amount (NT$)"),
    ("report.col.bookings", "服務次數", "Bookings"),
    ("report.col.no_shows", "未到次數", "No-shows"),
    ("report.col.users", "使用人數", "Users"),
    ("report.col.receipt_number", "收據號碼", "Receipt no."),
    ("report.col.month", "月份", "Month"),
    ("report.col.receipts", "收據張數", "Receipts"),
    ("report.col.uses", "使用次數", "Uses"),
    ("report.col.center", "貴儀中心", "Centre"),
    ("report.col.quota_amount", "額度支付", "Paid by quota"),
    ("report.col.cash_amount", "現金支付", "Paid in cash"),
    ("report.instrument_service_details", "單項儀器服務明細", "Service details per instrument"),
    ("report.instrument_service_stats", "單項儀器服務情形統計", "Service statistics per instrument"),
    ("report.cash_payment_details", "實驗現金付費明細", "Cash payment details"),
    ("report.cash_payment_stats", "實驗現金付費情形統計", "Cash payment statistics"),
    ("report.pi_cash_payments", "主持人實驗現金繳款明細", "Cash payments per PI"),
    ("report.booker_instruments", "預約者使用貴重儀器清單", "Instruments used per booker"),
    ("report.center_service_stats", "貴儀中心服務情形統計", "Service statistics per centre"),
    // Open data: taking part (subscriptions, ratings, feedback, requests, showcases, publisher).
    ("part.take_part", "參與", "Take part"),
    ("part.subscribe", "訂閱更新通知", "Follow updates"),
    ("part.unsubscribe", "取消訂閱", "Unfollow"),
    ("part.rate", "為此資料集評分", "Rate this dataset"),
    ("part.stars_n", "{n} 顆星", "{n} stars"),
    ("part.rating_avg", "平均 {avg} 顆星", "Average {avg} stars"),
    ("part.rating_avg_n", "平均 {avg} 顆星（{n} 人評分）", "Average {avg} stars ({n} ratings)"),
    ("part.rating_none", "尚無評分", "Not rated yet"),
    ("part.sign_in_to_take_part", "登入後即可訂閱與評分。", "Sign in to follow and rate."),
    ("part.sign_in_to_feedback", "登入後即可提出意見。", "Sign in to leave feedback."),
    ("part.sign_in_to_request", "登入後即可提出資料需求。", "Sign in to propose a request."),
    ("part.sign_in_to_showcase", "登入後即可提交應用展示。", "Sign in to submit a showcase."),
    ("part.sign_in_publisher", "請以資料提供機關的帳號登入。", "Sign in with an agency publisher account."),
    ("part.upload_title", "上傳 CSV 資料資源", "Upload a CSV resource"),
    ("part.upload_description", "資源說明", "Resource description"),
    ("part.upload_file", "CSV 檔案", "CSV file"),
    ("part.upload_hint", "UTF-8 或 Big5 編碼，逗號、分號或 Tab 分隔。", "UTF-8 or Big5, separated by commas, semicolons or tabs."),
    ("part.upload_submit", "上傳", "Upload"),
    ("part.upload_done", "已上傳，資料預覽已更新。", "Uploaded; the preview is updated."),
    ("part.feedback", "意見回饋", "Feedback"),
    ("part.no_feedback", "目前還沒有意見。", "No feedback yet."),
    ("part.feedback_new", "提出意見", "Leave feedback"),
    ("part.feedback_kind", "類型", "Kind"),
    ("part.feedback_subject", "主旨", "Subject"),
    ("part.feedback_body", "內容", "Message"),
    ("part.feedback_send", "送出意見", "Send feedback"),
    ("part.kind.question", "問題詢問", "Question"),
    ("part.kind.error", "資料錯誤", "Data error"),
    ("part.kind.suggestion", "建議", "Suggestion"),
    ("part.status.open", "待回覆", "Awaiting reply"),
    ("part.status.replied", "已回覆", "Replied"),
    ("part.status.closed", "已結案", "Closed"),
    ("part.by_on", "{author} · {date}", "{author} · {date}"),
    ("part.agency_reply", "機關回覆", "Agency reply"),
    ("part.reply", "補充說明", "Follow up"),
    ("part.reply_as_agency", "以機關身分回覆", "Reply for the agency"),
    ("part.reply_send", "送出回覆", "Send reply"),
    ("part.close_thread", "結案", "Close thread"),
    ("part.showcases", "應用展示", "Showcases"),
    ("part.showcases_lead", "以開放資料做成的應用與服務。", "Applications and services built on open data."),
    ("part.no_showcases", "目前還沒有應用展示。", "No showcases yet."),
    ("part.no_showcases_here", "還沒有使用此資料集的應用展示。", "No showcase uses this dataset yet."),
    ("part.submit_showcase_link", "提交應用展示", "Submit a showcase"),
    ("part.submit_showcase", "提交應用展示", "Submit a showcase"),
    ("part.showcase_title", "應用名稱", "Name"),
    ("part.showcase_url", "網址", "Address (URL)"),
    ("part.showcase_description", "說明", "Description"),
    ("part.showcase_datasets", "使用的資料集識別碼", "Identifiers of the datasets used"),
    ("part.showcase_datasets_hint", "以逗號分隔，例如資料集網址最後的識別碼。", "Separated by commas: the identifier at the end of a dataset's address."),
    ("part.showcase_send", "送出審核", "Submit for review"),
    ("part.showcase_done", "已送出，資料提供機關審核通過後就會公開。", "Submitted; it appears once an agency approves it."),
    ("part.uses_datasets", "使用資料集：", "Uses:"),
    ("part.pending_showcases", "待審核的應用展示", "Showcases awaiting review"),
    ("part.approve", "核准", "Approve"),
    ("part.reject", "退回", "Reject"),
    ("part.requests", "資料需求", "Dataset requests"),
    ("part.requests_lead", "想要政府開放哪些資料？提出需求或為別人的需求 +1，機關會回應。", "What data should agencies open? Propose a request or +1 others'; agencies answer."),
    ("part.no_requests", "目前沒有符合的資料需求。", "No matching requests."),
    ("part.sort", "排序", "Sort"),
    ("part.sort_votes", "最多人附議", "Most +1s"),
    ("part.sort_newest", "最新", "Newest"),
    ("part.status", "狀態", "Status"),
    ("part.all", "全部", "All"),
    ("part.req.open", "待回應", "Awaiting answer"),
    ("part.req.answered", "已回應", "Answered"),
    ("part.req.fulfilled", "已開放", "Fulfilled"),
    ("part.req.declined", "不開放", "Declined"),
    ("part.propose", "提出資料需求", "Propose a request"),
    ("part.request_title", "需要的資料", "Data wanted"),
    ("part.request_description", "用途與希望的格式", "Purpose and preferred format"),
    ("part.request_org", "提供機關代碼（選填）", "Agency id (optional)"),
    ("part.request_org_hint", "機關頁網址最後的 org-… 代碼。", "The org-… id at the end of the agency page's address."),
    ("part.propose_send", "送出需求", "Send request"),
    ("part.request_done", "已送出資料需求。", "Request sent."),
    ("part.plus_one_label", "附議「{title}」", "+1 \u{201c}{title}\u{201d}"),
    ("part.answer", "回應此需求", "Answer this request"),
    ("part.answer_text", "回應內容", "Answer"),
    ("part.answer_dataset", "已開放的資料集識別碼（已開放時必填）", "Identifier of the dataset (required when fulfilled)"),
    ("part.answer_send", "送出回應", "Send answer"),
    ("part.fulfilled_by", "查看已開放的資料集", "See the dataset"),
    ("part.handled_of", "意見處理率（{handled}／{threads} 則）", "Feedback handled ({handled} of {threads})"),
    ("part.median_reply", "回覆時間中位數", "Median time to reply"),
    ("part.hours", "{n} 小時", "{n} h"),
    ("part.days", "{n} 天", "{n} days"),
    ("part.publisher", "機關管理", "Publisher dashboard"),
    ("part.publisher_lead", "逾期未更新的資料集，以及待回應的需求與應用展示。", "Datasets past their update frequency, and requests and showcases awaiting you."),
    ("part.not_publisher", "此頁僅供資料提供機關的帳號使用。", "This page is for agency publisher accounts."),
    ("part.overdue_n", "逾期未更新（{n}）", "Overdue for update ({n})"),
    ("part.overdue_none", "所有資料集都按時更新。", "Every dataset is up to date."),
    ("part.col.dataset", "資料集", "Dataset"),
    ("part.col.due", "應更新日", "Due"),
    // 404.
    ("notfound.title", "找不到這個頁面", "Page not found"),
    ("notfound.body", "您要找的頁面不存在，或已經移到別處。", "The page you are looking for does not exist or has moved."),
    ("notfound.home", "回到首頁", "Back to home"),
    // Knowledge Q&A (知識問答) pages.
    ("qa.nav", "知識問答選單", "Q&A sections"),
    ("qa.nav.questions", "問題", "Questions"),
    ("qa.nav.faq", "常見問題", "FAQ"),
    ("qa.nav.leaderboard", "排行榜", "Leaderboard"),
    ("qa.nav.stats", "統計", "Statistics"),
    ("qa.nav.me", "我的點數", "My points"),
    ("qa.nav.moderation", "審核佇列", "Moderation"),
    ("qa.sign_in", "登入", "Sign in"),
    ("qa.ask", "提問", "Ask a question"),
    ("qa.ask_title", "提出問題", "Ask a question"),
    ("qa.sign_in_to_ask", "登入後提問", "Sign in to ask"),
    ("qa.sign_in_needed", "請先登入才能提問。", "Please sign in to ask a question."),
    ("qa.sign_in_to_answer", "登入後即可回答這個問題。", "Sign in to answer this question."),
    ("qa.search", "搜尋", "Search"),
    ("qa.search_label", "搜尋問題", "Search questions"),
    ("qa.search_placeholder", "搜尋問題與常見問題…", "Search questions and the FAQ…"),
    ("qa.clear_search", "清除搜尋", "Clear the search"),
    ("qa.tag_filter", "標籤：{tag}", "Tag: {tag}"),
    ("qa.answered_filter", "解決狀態", "Status"),
    ("qa.answered.all", "全部", "All"),
    ("qa.answered.yes", "已採納解答", "Answer accepted"),
    ("qa.answered.no", "尚未解決", "Unresolved"),
    ("qa.sort_by", "排序", "Sort by"),
    ("qa.sort.relevance", "相關程度", "Relevance"),
    ("qa.sort.newest", "最新", "Newest"),
    ("qa.sort.votes", "票數", "Votes"),
    ("qa.sort.activity", "最近活動", "Recent activity"),
    ("qa.questions", "問題", "Questions"),
    ("qa.answers", "回答", "Answers"),
    ("qa.faq_hits", "常見問題中的解答", "From the FAQ"),
    ("qa.result_count", "共 {n} 個問題", "{n} questions"),
    ("qa.no_results", "找不到符合的問題。換個關鍵字，或直接提問吧！", "No questions match. Try other words, or ask!"),
    ("qa.top_tags", "熱門標籤", "Popular tags"),
    ("qa.no_tags", "目前沒有標籤。", "No tags yet."),
    ("qa.leaders_week", "本週貢獻者", "This week's top contributors"),
    ("qa.leaders_empty", "這段期間還沒有人得分。", "Nobody has earned points in this period yet."),
    ("qa.leaderboard_all", "完整排行榜", "Full leaderboard"),
    ("qa.score_n", "{n} 票", "{n} votes"),
    ("qa.answers_n", "{n} 個回答", "{n} answers"),
    ("qa.views_n", "{n} 次瀏覽", "{n} views"),
    ("qa.points_n", "{n} 點", "{n} points"),
    ("qa.asked_by", "{name} 於 {when} 提問", "Asked by {name} on {when}"),
    ("qa.revisions_n", "{n} 個版本", "{n} versions"),
    ("qa.duplicate_of", "這個問題與另一個問題重複：", "This question duplicates another:"),
    ("qa.about_dataset", "相關資料集：", "About the dataset:"),
    ("qa.related_title", "社群問答", "Community Q&A"),
    ("qa.edit", "編輯", "Edit"),
    ("qa.save_edit", "儲存修改", "Save changes"),
    ("qa.cancel", "取消", "Cancel"),
    ("qa.related_empty", "還沒有人問過這個項目。", "Nobody has asked about this yet."),
    ("qa.ask_about_this", "針對此項目提問", "Ask about this"),
    ("qa.about_instrument", "相關儀器：", "About the instrument:"),
    ("qa.vote_up", "這篇有幫助（讚）", "This is useful (upvote)"),
    ("qa.vote_down", "這篇沒有幫助（倒讚）", "This is not useful (downvote)"),
    ("qa.accepted", "已採納的解答", "Accepted answer"),
    ("qa.accept", "採納為解答", "Accept this answer"),
    ("qa.unaccept", "取消採納", "Withdraw the accept"),
    ("qa.add_comment", "新增留言", "Add a comment"),
    ("qa.post_comment", "送出留言", "Post comment"),
    ("qa.your_answer", "您的回答", "Your answer"),
    ("qa.post_answer", "送出回答", "Post your answer"),
    ("qa.post_question", "送出問題", "Post your question"),
    ("qa.flag", "檢舉", "Flag"),
    ("qa.flag_reason", "原因", "Reason"),
    ("qa.flag.spam", "垃圾訊息", "Spam"),
    ("qa.flag.offensive", "冒犯性內容", "Offensive"),
    ("qa.flag.off_topic", "離題", "Off topic"),
    ("qa.flag.other", "其他", "Other"),
    ("qa.flag_send", "送出檢舉", "Send flag"),
    ("qa.flagged", "謝謝，審核人員會查看這篇內容。", "Thanks, a moderator will look at it."),
    ("qa.promote", "加入常見問題", "Add to the FAQ"),
    ("qa.promote_send", "加入", "Add"),
    ("qa.promoted", "已加入常見問題。", "Added to the FAQ."),
    ("qa.field.title", "標題", "Title"),
    ("qa.field.title_hint", "用一句話說明您的問題（4–150 字）。輸入時會列出相似的問題。", "Your question in one sentence (4–150 characters). Similar questions appear as you type."),
    ("qa.field.body", "內容", "Details"),
    ("qa.field.body_hint", "支援 Markdown：**粗體**、`程式碼`、[連結](https://…)、清單與表格。", "Markdown works: **bold**, `code`, [links](https://…), lists and tables."),
    ("qa.field.tags", "標籤", "Tags"),
    ("qa.field.tags_hint", "以逗號或空白分隔，最多 {n} 個；可用文字、數字與 - . + #。", "Separated by commas or spaces, at most {n}; letters, digits and - . + #."),
    ("qa.field.tag", "標籤", "Tag"),
    ("qa.apply", "套用", "Apply"),
    ("qa.similar", "相似的問題與常見問題", "Similar questions and FAQ"),
    ("qa.similar_hint", "送出前看看這些是否已經回答了您的問題。", "Before posting, check whether these already answer it."),
    ("qa.faq_all", "全部", "All"),
    ("qa.faq_add", "新增常見問題", "Add an FAQ entry"),
    ("qa.faq_service", "服務", "Service"),
    ("qa.faq_category", "分類", "Category"),
    ("qa.faq_empty", "這個服務還沒有常見問題。", "No FAQ entries for this service yet."),
    ("qa.service.accounts", "帳號", "Accounts"),
    ("qa.period", "期間", "Period"),
    ("qa.period.week", "本週", "This week"),
    ("qa.period.month", "本月", "This month"),
    ("qa.period.year", "今年", "This year"),
    ("qa.period.all", "全部", "All time"),
    ("qa.rank", "名次", "Rank"),
    ("qa.member", "成員", "Member"),
    ("qa.level", "等級", "Level"),
    ("qa.points_period", "期間點數", "Points in period"),
    ("qa.level_label", "Lv {n} {name}", "Lv {n} {name}"),
    ("qa.level.1", "新手", "Novice"),
    ("qa.level.2", "見習", "Apprentice"),
    ("qa.level.3", "專員", "Specialist"),
    ("qa.level.4", "達人", "Expert"),
    ("qa.level.5", "大師", "Master"),
    ("qa.level.6", "傳奇", "Legend"),
    ("qa.levels_help", "等級：", "Levels:"),
    ("qa.progress", "升級進度", "Progress to the next level"),
    ("qa.progress_pct", "已完成 {n}%", "{n}% of the way"),
    ("qa.to_next_level", "再 {n} 點升到 {level}", "{n} more points to {level}"),
    ("qa.next_unlocks", "下一級解鎖：{privilege}", "The next level unlocks: {privilege}"),
    ("qa.top_level", "已達最高等級！", "Top level reached!"),
    ("qa.privileges", "權限", "Privileges"),
    ("qa.locked", "（尚未解鎖）", "(locked)"),
    ("qa.privilege.ask_answer", "提問與回答", "Ask and answer"),
    ("qa.privilege.comment", "在任何貼文留言", "Comment anywhere"),
    ("qa.privilege.downvote", "投倒讚", "Downvote"),
    ("qa.privilege.edit_others", "編輯他人的問題", "Edit others' questions"),
    ("qa.privilege.close_duplicate", "標記重複問題", "Close duplicates"),
    ("qa.privilege.moderate", "協助審核", "Moderate"),
    ("qa.badges", "徽章", "Badges"),
    ("qa.not_earned", "（尚未獲得）", "(not earned yet)"),
    ("qa.badge.first_question", "初次提問", "First question"),
    ("qa.badge.first_question.desc", "提出第一個問題。", "Asked a first question."),
    ("qa.badge.first_answer", "初次回答", "First answer"),
    ("qa.badge.first_answer.desc", "寫下第一個回答。", "Wrote a first answer."),
    ("qa.badge.first_accepted", "首次被採納", "First accepted"),
    ("qa.badge.first_accepted.desc", "第一個回答被採納。", "Had a first answer accepted."),
    ("qa.badge.ten_accepted", "十次被採納", "Ten accepted"),
    ("qa.badge.ten_accepted.desc", "有十個回答被採納。", "Had ten answers accepted."),
    ("qa.badge.streak_7", "連續七天", "Seven-day streak"),
    ("qa.badge.streak_7.desc", "連續七天提問或回答。", "Asked or answered seven days in a row."),
    ("qa.badge.top_tag_answerer", "標籤專家", "Tag expert"),
    ("qa.badge.top_tag_answerer.desc", "在某個標籤的回答者中名列前茅。", "Among the top answerers of a tag."),
    ("qa.badge.popular_question", "熱門問題", "Popular question"),
    ("qa.badge.popular_question.desc", "提出的問題有許多人瀏覽。", "Asked a question many people viewed."),
    ("qa.badge.faq_author", "常見問題作者", "FAQ author"),
    ("qa.badge.faq_author.desc", "回答被收錄為常見問題。", "Had an answer promoted to the FAQ."),
    ("qa.stat.knowledge_items", "知識條目", "Knowledge items"),
    ("qa.stat.members", "成員", "Members"),
    ("qa.stat.views", "瀏覽次數", "Views"),
    ("qa.stat.completion", "解決率", "Resolved"),
    ("qa.stat.median_first_answer", "首次回答中位時間", "Median time to a first answer"),
    ("qa.stat.activity", "每月活動", "Monthly activity"),
    ("qa.stat.table", "以表格檢視", "Show as a table"),
    ("qa.hours_n", "{n} 小時", "{n} hours"),
    ("qa.none_yet", "尚無資料", "None yet"),
    ("qa.chart_questions", "每月提問數長條圖", "Bar chart of questions per month"),
    ("qa.chart_answers", "每月回答數折線圖", "Line chart of answers per month"),
    ("qa.queue_empty", "目前沒有待審核的內容。", "Nothing is waiting for review."),
    ("qa.moderators_only", "只有審核人員可以查看審核佇列。", "Only moderators can see the queue."),
    ("qa.kind.question", "問題", "Question"),
    ("qa.kind.answer", "回答", "Answer"),
    ("qa.flags_n", "{n} 次檢舉", "{n} flags"),
    ("qa.hidden", "已隱藏", "Hidden"),
    ("qa.restore", "恢復", "Restore"),
    ("qa.remove", "移除", "Remove"),
    ("qa.close_duplicate", "標記為重複問題", "Close as a duplicate"),
    ("qa.duplicate_target", "重複的問題編號", "Id of the question it duplicates"),
];

/// The text for `key` in `locale`, or the key itself if missing (a test
/// guarantees no used key is missing, so users never see a raw key).
pub fn t(locale: Locale, key: &str) -> &'static str {
    for (k, zh, en) in CATALOGUE {
        if *k == key {
            return match locale {
                Locale::ZhTw => zh,
                Locale::En => en,
            };
        }
    }
    // Leaking here is bounded: only keys a test would already have flagged.
    Box::leak(key.to_string().into_boxed_str())
}

/// [`t`] with `{name}` placeholders filled from `args`.
pub fn tf(locale: Locale, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(locale, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// Whether the catalogue has `key`.
pub fn has_key(key: &str) -> bool {
    CATALOGUE.iter().any(|(k, _, _)| *k == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::Role;
    use crate::error::ErrorKind;

    #[test]
    fn every_key_has_both_languages_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in CATALOGUE {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!zh.trim().is_empty(), "{k} is missing its zh-TW text");
            assert!(!en.trim().is_empty(), "{k} is missing its English text");
            // Placeholders must agree, or one language would show a raw `{x}`.
            let holes = |s: &str| {
                s.match_indices('{')
                    .map(|(i, _)| s[i..].split('}').next().unwrap_or("").to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(holes(zh), holes(en), "{k}: placeholders differ");
        }
    }

    #[test]
    fn every_error_kind_and_role_is_translated() {
        for k in ErrorKind::ALL {
            assert!(has_key(&format!("error.{}", k.as_str())), "error.{} missing", k.as_str());
        }
        for r in Role::ALL {
            assert!(has_key(&format!("role.{}", r.as_str())), "role.{} missing", r.as_str());
        }
        // Keys the SPA builds at run time.
        for d in 0..7 {
            assert!(has_key(&format!("weekday.{d}")));
        }
        for st in ["pending", "confirmed", "cancelled", "completed", "no_show"] {
            assert!(has_key(&format!("status.{st}")), "status.{st}");
        }
        for r in crate::booking::reports::REPORTS {
            assert!(has_key(&format!("report.{}", r.kind)), "report.{}", r.kind);
            for c in r.columns {
                assert!(has_key(&format!("report.col.{c}")), "report.col.{c}");
            }
        }
        for k in crate::common::notify::KINDS {
            assert!(has_key(&format!("notify.{k}")), "notify.{k}");
        }
        for k in ["booking.fee_hour", "booking.fee_sample", "booking.done", "booking.done_pending"] {
            assert!(has_key(k), "{k}");
        }
    }

    #[test]
    fn every_key_used_by_the_frontend_exists() {
        // Scan the SPA's source for t(.., "key") / tf(.., "key", ..) / i18n keys in quotes.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src");
        let mut missing = Vec::new();
        let mut used = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("frontend/src is readable") {
                let path = entry.expect("dir entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let src = std::fs::read_to_string(&path).expect("source is UTF-8");
                for key in used_keys(&src) {
                    used += 1;
                    if !has_key(&key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(used > 20, "scanner found only {used} keys; is the pattern still right?");
        assert!(missing.is_empty(), "keys missing from the catalogue:\n{}", missing.join("\n"));
    }

    /// Keys appear in the SPA as `tr("key")` or `trf("key", ..)`.
    fn used_keys(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        for pat in ["tr(\"", "trf(\""] {
            for (i, _) in src.match_indices(pat) {
                let rest = &src[i + pat.len()..];
                if let Some(end) = rest.find('"') {
                    out.push(rest[..end].to_string());
                }
            }
        }
        out
    }

    #[test]
    fn interpolates_placeholders() {
        assert_eq!(tf(Locale::ZhTw, "auth.welcome", &[("name", "林小明")]), "歡迎，林小明");
        assert_eq!(tf(Locale::En, "auth.welcome", &[("name", "Lin")]), "Welcome, Lin");
    }

    #[test]
    fn parses_locale_tags() {
        assert_eq!(Locale::parse("zh-TW"), Some(Locale::ZhTw));
        assert_eq!(Locale::parse("en-GB"), Some(Locale::En));
        assert_eq!(Locale::parse("fr"), None);
    }
}
