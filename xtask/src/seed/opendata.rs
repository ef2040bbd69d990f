//! Generated demo datasets: deterministic, in zh-TW, shaped like the real
//! catalogue (agencies, 服務分類, update frequencies, quality grades, several
//! resources in common formats). The demo seed and the search benchmark both
//! use them; no real data is copied.

use commons_domain::opendata::{DatasetInput, DatasetStats, ResourceInput};

use crate::rng::SplitMix64;

/// Agencies (提供機關): central ministries, their agencies and local governments.
pub const AGENCIES: &[&str] = &[
    "國家發展委員會",
    "內政部",
    "內政部戶政司",
    "內政部統計處",
    "外交部領事事務局",
    "國防部",
    "財政部",
    "財政部賦稅署",
    "教育部",
    "教育部統計處",
    "法務部",
    "經濟部",
    "經濟部水利署",
    "經濟部能源署",
    "經濟部商業發展署",
    "交通部",
    "交通部中央氣象署",
    "交通部觀光署",
    "交通部公路局",
    "交通部高速公路局",
    "勞動部",
    "勞動部勞動力發展署",
    "衛生福利部",
    "衛生福利部疾病管制署",
    "衛生福利部食品藥物管理署",
    "環境部",
    "環境部化學物質管理署",
    "文化部",
    "數位發展部",
    "農業部",
    "農業部林業及自然保育署",
    "農業部漁業署",
    "國家科學及技術委員會",
    "行政院主計總處",
    "行政院人事行政總處",
    "金融監督管理委員會",
    "公平交易委員會",
    "國家通訊傳播委員會",
    "原子能委員會",
    "海洋委員會",
    "僑務委員會",
    "國軍退除役官兵輔導委員會",
    "原住民族委員會",
    "客家委員會",
    "中央選舉委員會",
    "臺北市政府",
    "新北市政府",
    "桃園市政府",
    "臺中市政府",
    "臺南市政府",
    "高雄市政府",
    "基隆市政府",
    "新竹市政府",
    "嘉義市政府",
    "新竹縣政府",
    "苗栗縣政府",
    "彰化縣政府",
    "南投縣政府",
    "雲林縣政府",
    "嘉義縣政府",
    "屏東縣政府",
    "宜蘭縣政府",
    "花蓮縣政府",
    "臺東縣政府",
    "澎湖縣政府",
    "金門縣政府",
    "連江縣政府",
];

/// 服務分類 of data.gov.tw.
pub const CATEGORIES: &[&str] = &[
    "生育保健",
    "出生及收養",
    "求學及進修",
    "服兵役",
    "求職及就業",
    "開創事業",
    "婚姻",
    "投資理財",
    "休閒旅遊",
    "交通及通訊",
    "就醫",
    "購屋及遷徙",
    "選舉及投票",
    "生活安全及品質",
    "退休",
    "老年安養",
    "生命禮儀",
    "公共資訊",
];

/// The subjects `agency` publishes.
fn subjects_of(agency: &str) -> Vec<&'static Subject> {
    let local = agency.ends_with("縣政府") || agency.ends_with("市政府");
    SUBJECTS.iter().filter(|s| s.owners.iter().any(|o| *o == agency || (local && *o == "縣市"))).collect()
}

/// One subject a generated dataset can be about.
struct Subject {
    /// The title stem, e.g. 空氣品質監測.
    title: &'static str,
    /// Its keywords (tags).
    keywords: &'static [&'static str],
    /// Its columns, `;`-separated.
    fields: &'static str,
    /// Its 服務分類.
    category: &'static str,
    /// The agencies that publish it; "縣市" stands for every city and county government.
    owners: &'static [&'static str],
}

/// What the generated datasets are about, and who publishes each: a
/// subject only goes to an agency that would publish it, so the demo has no
/// "Tainan's public bicycles, by the Food and Drug Administration".
const SUBJECTS: &[Subject] = &[
    Subject {
        title: "國民年金保險給付",
        keywords: &["年金", "社會保險"],
        fields: "年度;給付類別;件數;金額",
        category: "退休",
        owners: &["衛生福利部", "勞動部"],
    },
    Subject {
        title: "勞工退休金提繳",
        keywords: &["退休金", "勞工"],
        fields: "年月;提繳人數;提繳金額",
        category: "退休",
        owners: &["勞動部"],
    },
    Subject {
        title: "空氣品質監測",
        keywords: &["空氣品質", "PM2.5", "環境"],
        fields: "測站;日期;PM2.5;PM10;臭氧",
        category: "生活安全及品質",
        owners: &["環境部", "縣市"],
    },
    Subject {
        title: "河川水質監測",
        keywords: &["水質", "河川", "環境"],
        fields: "測站;採樣日期;溶氧量;生化需氧量;氨氮",
        category: "生活安全及品質",
        owners: &["環境部", "經濟部水利署"],
    },
    Subject {
        title: "自來水水質抽驗",
        keywords: &["水質", "自來水"],
        fields: "縣市;抽驗件數;合格件數;合格率",
        category: "生活安全及品質",
        owners: &["環境部", "經濟部水利署", "縣市"],
    },
    Subject {
        title: "公共自行車租賃站",
        keywords: &["自行車", "交通"],
        fields: "站點名稱;經度;緯度;車位數",
        category: "交通及通訊",
        owners: &["交通部", "縣市"],
    },
    Subject {
        title: "停車場即時剩餘車位",
        keywords: &["停車場", "交通", "即時"],
        fields: "停車場名稱;總車位;剩餘車位;更新時間",
        category: "交通及通訊",
        owners: &["縣市"],
    },
    Subject {
        title: "公車動態資訊",
        keywords: &["公車", "交通", "即時"],
        fields: "路線;車牌;經度;緯度;時間",
        category: "交通及通訊",
        owners: &["交通部公路局", "縣市"],
    },
    Subject {
        title: "觀光遊憩區遊客人次",
        keywords: &["觀光", "旅遊"],
        fields: "遊憩區;年月;遊客人次",
        category: "休閒旅遊",
        owners: &["交通部觀光署", "縣市"],
    },
    Subject {
        title: "旅館及民宿名冊",
        keywords: &["旅館", "民宿", "觀光"],
        fields: "名稱;地址;電話;房間數",
        category: "休閒旅遊",
        owners: &["交通部觀光署", "縣市"],
    },
    Subject {
        title: "醫療院所名冊",
        keywords: &["醫院", "診所", "醫療"],
        fields: "機構名稱;地址;科別;電話",
        category: "就醫",
        owners: &["衛生福利部", "縣市"],
    },
    Subject {
        title: "法定傳染病統計",
        keywords: &["傳染病", "防疫"],
        fields: "疾病名稱;年週;縣市;確定病例數",
        category: "就醫",
        owners: &["衛生福利部疾病管制署"],
    },
    Subject {
        title: "食品查驗結果",
        keywords: &["食品安全", "查驗"],
        fields: "品名;抽驗日期;結果;不合格原因",
        category: "生活安全及品質",
        owners: &["衛生福利部食品藥物管理署", "縣市"],
    },
    Subject {
        title: "學校基本資料",
        keywords: &["學校", "教育"],
        fields: "學校名稱;地址;學生數;教師數",
        category: "求學及進修",
        owners: &["教育部", "教育部統計處", "縣市"],
    },
    Subject {
        title: "大專校院學生人數",
        keywords: &["大專校院", "學生", "教育"],
        fields: "學年度;學校;學生數",
        category: "求學及進修",
        owners: &["教育部統計處"],
    },
    Subject {
        title: "人口統計",
        keywords: &["人口", "戶政"],
        fields: "年月;區域;戶數;人口數;男;女",
        category: "公共資訊",
        owners: &["內政部戶政司", "內政部統計處", "行政院主計總處", "縣市"],
    },
    Subject {
        title: "出生及死亡統計",
        keywords: &["出生", "死亡", "人口"],
        fields: "年月;區域;出生數;死亡數",
        category: "出生及收養",
        owners: &["內政部戶政司", "內政部統計處", "縣市"],
    },
    Subject {
        title: "結婚及離婚對數",
        keywords: &["結婚", "離婚", "戶政"],
        fields: "年月;區域;結婚對數;離婚對數",
        category: "婚姻",
        owners: &["內政部戶政司", "內政部統計處", "縣市"],
    },
    Subject {
        title: "失業率統計",
        keywords: &["失業率", "勞動"],
        fields: "年月;失業人數;失業率",
        category: "求職及就業",
        owners: &["行政院主計總處", "勞動部"],
    },
    Subject {
        title: "職業訓練課程",
        keywords: &["職業訓練", "就業"],
        fields: "課程名稱;開課日期;名額;地點",
        category: "求職及就業",
        owners: &["勞動部勞動力發展署", "縣市"],
    },
    Subject {
        title: "公司登記資料",
        keywords: &["公司", "商業登記"],
        fields: "統一編號;公司名稱;資本額;核准設立日期",
        category: "開創事業",
        owners: &["經濟部商業發展署", "經濟部"],
    },
    Subject {
        title: "商業登記資料",
        keywords: &["商業登記", "商家"],
        fields: "統一編號;商業名稱;地址;營業項目",
        category: "開創事業",
        owners: &["經濟部商業發展署", "縣市"],
    },
    Subject {
        title: "稅收實徵淨額",
        keywords: &["稅收", "財政"],
        fields: "年月;稅目;實徵淨額",
        category: "投資理財",
        owners: &["財政部", "財政部賦稅署", "縣市"],
    },
    Subject {
        title: "歲入歲出決算",
        keywords: &["預算", "決算", "財政"],
        fields: "年度;科目;金額",
        category: "公共資訊",
        owners: &["行政院主計總處", "財政部", "縣市"],
    },
    Subject {
        title: "用電量統計",
        keywords: &["用電", "能源"],
        fields: "年月;縣市;住宅用電;工業用電",
        category: "生活安全及品質",
        owners: &["經濟部能源署", "經濟部"],
    },
    Subject {
        title: "再生能源發電量",
        keywords: &["再生能源", "太陽光電", "風力"],
        fields: "年月;能源別;發電量",
        category: "生活安全及品質",
        owners: &["經濟部能源署", "經濟部", "縣市"],
    },
    Subject {
        title: "地震活動彙整",
        keywords: &["地震", "氣象"],
        fields: "時間;經度;緯度;深度;規模",
        category: "生活安全及品質",
        owners: &["交通部中央氣象署"],
    },
    Subject {
        title: "雨量觀測資料",
        keywords: &["雨量", "氣象"],
        fields: "測站;時間;時雨量;日累積雨量",
        category: "生活安全及品質",
        owners: &["交通部中央氣象署", "經濟部水利署"],
    },
    Subject {
        title: "颱風警報歷史資料",
        keywords: &["颱風", "氣象", "防災"],
        fields: "颱風名稱;發布時間;警報種類",
        category: "生活安全及品質",
        owners: &["交通部中央氣象署"],
    },
    Subject {
        title: "淹水潛勢圖資",
        keywords: &["淹水", "防災", "水利"],
        fields: "縣市;鄉鎮;潛勢等級",
        category: "購屋及遷徙",
        owners: &["經濟部水利署", "縣市"],
    },
    Subject {
        title: "農產品交易行情",
        keywords: &["農產品", "價格"],
        fields: "交易日期;市場;品名;平均價",
        category: "投資理財",
        owners: &["農業部", "縣市"],
    },
    Subject {
        title: "漁港基本資料",
        keywords: &["漁港", "漁業"],
        fields: "漁港名稱;縣市;類別",
        category: "休閒旅遊",
        owners: &["農業部漁業署", "海洋委員會", "縣市"],
    },
    Subject {
        title: "森林遊樂區",
        keywords: &["森林", "休閒旅遊"],
        fields: "名稱;地址;開放時間",
        category: "休閒旅遊",
        owners: &["農業部林業及自然保育署"],
    },
    Subject {
        title: "文化資產",
        keywords: &["古蹟", "文化資產"],
        fields: "名稱;類別;地址;公告日期",
        category: "休閒旅遊",
        owners: &["文化部", "縣市"],
    },
    Subject {
        title: "藝文活動",
        keywords: &["藝文", "展演"],
        fields: "活動名稱;日期;地點;主辦單位",
        category: "休閒旅遊",
        owners: &["文化部", "客家委員會", "原住民族委員會", "縣市"],
    },
    Subject {
        title: "圖書館館藏統計",
        keywords: &["圖書館", "閱讀"],
        fields: "年度;館別;館藏量;借閱人次",
        category: "求學及進修",
        owners: &["教育部", "文化部", "縣市"],
    },
    Subject {
        title: "身心障礙者人數",
        keywords: &["身心障礙", "社會福利"],
        fields: "年度;縣市;障別;人數",
        category: "公共資訊",
        owners: &["衛生福利部", "縣市"],
    },
    Subject {
        title: "長期照顧服務機構",
        keywords: &["長照", "老年安養"],
        fields: "機構名稱;地址;服務類型",
        category: "老年安養",
        owners: &["衛生福利部", "國軍退除役官兵輔導委員會", "縣市"],
    },
    Subject {
        title: "兒童及少年福利機構",
        keywords: &["兒少福利", "社會福利"],
        fields: "機構名稱;地址;核定收容人數",
        category: "生育保健",
        owners: &["衛生福利部", "縣市"],
    },
    Subject {
        title: "托育機構名冊",
        keywords: &["托育", "生育保健"],
        fields: "機構名稱;地址;收托人數",
        category: "生育保健",
        owners: &["衛生福利部", "縣市"],
    },
    Subject {
        title: "殯葬設施",
        keywords: &["殯葬", "生命禮儀"],
        fields: "設施名稱;地址;類別",
        category: "生命禮儀",
        owners: &["內政部", "縣市"],
    },
    Subject {
        title: "選舉投票所",
        keywords: &["選舉", "投票所"],
        fields: "投票所編號;名稱;地址",
        category: "選舉及投票",
        owners: &["中央選舉委員會", "縣市"],
    },
    Subject {
        title: "役男徵兵檢查",
        keywords: &["兵役", "徵兵"],
        fields: "年度;縣市;受檢人數",
        category: "服兵役",
        owners: &["內政部", "國防部", "縣市"],
    },
    Subject {
        title: "不動產實價登錄",
        keywords: &["實價登錄", "不動產"],
        fields: "鄉鎮市區;交易標的;總價;單價",
        category: "購屋及遷徙",
        owners: &["內政部", "縣市"],
    },
    Subject {
        title: "社會住宅",
        keywords: &["社會住宅", "住宅"],
        fields: "名稱;地址;戶數",
        category: "購屋及遷徙",
        owners: &["內政部", "國家發展委員會", "縣市"],
    },
    Subject {
        title: "道路交通事故",
        keywords: &["交通事故", "道路安全"],
        fields: "年月;縣市;件數;死亡人數;受傷人數",
        category: "交通及通訊",
        owners: &["交通部", "內政部統計處", "縣市"],
    },
    Subject {
        title: "公共場所免費無線上網熱點",
        keywords: &["Wi-Fi", "無線上網"],
        fields: "熱點名稱;地址;經度;緯度",
        category: "交通及通訊",
        owners: &["數位發展部", "國家通訊傳播委員會", "縣市"],
    },
    Subject {
        title: "貴重儀器使用統計",
        keywords: &["貴重儀器", "研究"],
        fields: "年度;中心;儀器;使用時數",
        category: "公共資訊",
        owners: &["國家科學及技術委員會"],
    },
    Subject {
        title: "人口推估",
        keywords: &["人口", "推估"],
        fields: "年度;推估別;總人口;0-14歲;15-64歲;65歲以上",
        category: "公共資訊",
        owners: &["國家發展委員會"],
    },
    Subject {
        title: "護照申辦統計",
        keywords: &["護照", "領事"],
        fields: "年月;申辦地點;核發本數",
        category: "休閒旅遊",
        owners: &["外交部領事事務局"],
    },
    Subject {
        title: "矯正機關收容人數",
        keywords: &["矯正", "監所"],
        fields: "年月;機關;收容人數",
        category: "公共資訊",
        owners: &["法務部"],
    },
    Subject {
        title: "國道交通量統計",
        keywords: &["國道", "交通量"],
        fields: "日期;路段;方向;車流量",
        category: "交通及通訊",
        owners: &["交通部高速公路局"],
    },
    Subject {
        title: "毒性化學物質運作資料",
        keywords: &["毒化物", "化學物質"],
        fields: "年度;縣市;物質名稱;運作量",
        category: "生活安全及品質",
        owners: &["環境部化學物質管理署"],
    },
    Subject {
        title: "公務人員人數統計",
        keywords: &["公務人員", "人事"],
        fields: "年度;機關類別;人數",
        category: "求職及就業",
        owners: &["行政院人事行政總處"],
    },
    Subject {
        title: "銀行分支機構名錄",
        keywords: &["銀行", "金融"],
        fields: "機構名稱;地址;電話",
        category: "投資理財",
        owners: &["金融監督管理委員會"],
    },
    Subject {
        title: "違反公平交易法處分案件",
        keywords: &["公平交易", "處分"],
        fields: "處分日期;事業名稱;違法類型;罰鍰",
        category: "開創事業",
        owners: &["公平交易委員會"],
    },
    Subject {
        title: "行動通信基地台數量",
        keywords: &["基地台", "行動通信"],
        fields: "年月;縣市;業者;基地台數",
        category: "交通及通訊",
        owners: &["國家通訊傳播委員會"],
    },
    Subject {
        title: "環境輻射監測",
        keywords: &["輻射", "監測"],
        fields: "測站;時間;劑量率",
        category: "生活安全及品質",
        owners: &["原子能委員會"],
    },
    Subject {
        title: "海難救援案件",
        keywords: &["海難", "救援", "海巡"],
        fields: "年月;海域;案件數;獲救人數",
        category: "生活安全及品質",
        owners: &["海洋委員會"],
    },
    Subject {
        title: "海外僑校名錄",
        keywords: &["僑校", "僑務"],
        fields: "學校名稱;國家;地址",
        category: "求學及進修",
        owners: &["僑務委員會"],
    },
    Subject {
        title: "榮民人數統計",
        keywords: &["榮民", "退輔"],
        fields: "年度;縣市;榮民人數",
        category: "老年安養",
        owners: &["國軍退除役官兵輔導委員會"],
    },
    Subject {
        title: "原住民族人口數",
        keywords: &["原住民族", "人口"],
        fields: "年月;族別;縣市;人數",
        category: "公共資訊",
        owners: &["原住民族委員會", "縣市"],
    },
    Subject {
        title: "客家文化節慶活動",
        keywords: &["客家", "節慶"],
        fields: "活動名稱;日期;地點",
        category: "休閒旅遊",
        owners: &["客家委員會"],
    },
];

/// Places that scope a title.
const PLACES: &[&str] = &[
    "全國",
    "臺北市",
    "新北市",
    "桃園市",
    "臺中市",
    "臺南市",
    "高雄市",
    "基隆市",
    "新竹市",
    "嘉義市",
    "新竹縣",
    "苗栗縣",
    "彰化縣",
    "南投縣",
    "雲林縣",
    "嘉義縣",
    "屏東縣",
    "宜蘭縣",
    "花蓮縣",
    "臺東縣",
    "澎湖縣",
    "金門縣",
    "連江縣",
];

const FREQUENCIES: &[&str] = &["每日", "每週", "每月", "每季", "每半年", "每年", "不定期更新", "即時", "每1時"];
const FORMATS: &[&[&str]] =
    &[&["CSV"], &["CSV", "JSON"], &["JSON"], &["XML"], &["CSV", "XML", "JSON"], &["XLSX", "ODS"], &["PDF"], &["KML"]];
const QUALITY: &[&str] = &["白金", "金", "金", "銀", "銀", "銅", "無"];
const LICENSE: &str = "政府資料開放授權條款-第1版";

/// `n` demo datasets, identical for the same `n` and `seed`.
pub fn generate(n: usize, seed: u64) -> Vec<DatasetInput> {
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|i| {
            let agency = AGENCIES[i % AGENCIES.len()];
            let subjects = subjects_of(agency);
            let pick = subjects[rng.below(subjects.len())];
            let (subject, keywords, fields, category) = (pick.title, pick.keywords, pick.fields, pick.category);
            let place = if agency.ends_with("政府") { agency.trim_end_matches("政府") } else { *rng.pick(PLACES) };
            let roc_year = 100 + rng.below(15);
            let title = match rng.below(3) {
                0 => format!("{place}{subject}"),
                1 => format!("{roc_year}年{place}{subject}"),
                _ => format!("{place}{subject}（{}）", ["按月", "按年", "按區域", "按類別"][rng.below(4)]),
            };
            let identifier = format!("demo-{:05}", i + 1);
            let formats = *rng.pick(FORMATS);
            let year = 2013 + rng.below(13); // 2013–2025: nothing issued in the future
            let month = 1 + rng.below(12);
            let day = 1 + rng.below(28);
            let resources = formats
                .iter()
                .enumerate()
                .map(|(k, f)| ResourceInput {
                    resource_id: format!("{identifier}-{}", k + 1),
                    description: format!("{title}（{f}）"),
                    format: f.to_string(),
                    encoding: if *f == "CSV" && rng.below(4) == 0 { "BIG5".into() } else { "UTF-8".into() },
                    download_url: format!(
                        "https://data.example.gov.tw/files/{identifier}/{}.{}",
                        k + 1,
                        f.to_lowercase()
                    ),
                    record_count: Some(rng.below(50_000) as i64),
                    resource_field: fields.to_string(),
                    ..Default::default()
                })
                .collect();
            let views = (rng.next_u64() % 20_000) as i64 * (1 + (rng.below(10) == 0) as i64 * 9);
            DatasetInput {
                identifier,
                description: format!(
                    "{agency}提供之{title}資料，內容包含{}等欄位，供民眾、研究人員及企業加值應用。",
                    fields.replace(';', "、")
                ),
                field_description: fields.replace(';', "、"),
                data_type: ["原始資料", "檔案資料", "系統介接程式"][rng.below(3)].into(),
                category: category.into(),
                license: LICENSE.into(),
                license_url: "https://data.gov.tw/license".into(),
                cost: "免費".into(),
                organization: agency.into(),
                accrual_periodicity: rng.pick(FREQUENCIES).to_string(),
                issued: format!("{year:04}-{month:02}-{day:02}"),
                modified: format!("{}-{month:02}-{day:02} 10:00:00", (year + 1).min(2025)),
                language: "zh-TW".into(),
                landing_page: format!("https://www.example.gov.tw/open/{}", i + 1),
                keywords: keywords.iter().map(|k| k.to_string()).collect(),
                quality: rng.pick(QUALITY).to_string(),
                upload_method: "原始資料".into(),
                title,
                resources,
                stats: Some(DatasetStats {
                    views,
                    downloads: views / (2 + rng.below(8) as i64),
                    rating: (rng.below(3) > 0).then(|| 1.0 + rng.below(9) as f64 / 2.0),
                }),
                ..Default::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_datasets_are_deterministic_valid_and_spread() {
        let a = generate(2400, 7);
        assert_eq!(a, generate(2400, 7));
        let agencies: std::collections::HashSet<_> = a.iter().map(|d| d.organization.as_str()).collect();
        for agency in AGENCIES {
            assert!(!subjects_of(agency).is_empty(), "{agency} publishes nothing");
        }
        for s in SUBJECTS {
            assert!(CATEGORIES.contains(&s.category), "{}: unknown category {}", s.title, s.category);
            for o in s.owners {
                assert!(*o == "縣市" || AGENCIES.contains(o), "{}: unknown agency {o}", s.title);
            }
        }
        // Every dataset's subject is one its agency publishes.
        for d in &a {
            assert!(
                subjects_of(&d.organization).iter().any(|s| d.title.contains(s.title)),
                "{} by {}",
                d.title,
                d.organization
            );
        }
        let categories: std::collections::HashSet<_> = a.iter().map(|d| d.category.as_str()).collect();
        assert_eq!(categories.len(), CATEGORIES.len(), "every 服務分類 has datasets");
        assert!(agencies.len() >= 50, "{} agencies", agencies.len());
        for mut d in a {
            commons_domain::opendata::validate_dataset(&mut d).expect("valid");
        }
    }
}
