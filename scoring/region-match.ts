// regionMatches: does an expert's 所在地区 fall within a region filter as people type it? `四川`,
// `四川省` and `川`-less forms name the province; `成都`, `成都市`, `四川成都` name the city; an expert
// in `成都市` (no province written) is in `四川省`. Province-level names follow GB/T 2260 (the same
// list as the USCC division prefixes in app/models/import.server.ts, copied here because the engine
// does no I/O and imports nothing from app/); cities are the prefecture-level divisions (地级行政区).
// Text that names no known division falls back to plain containment, so nothing typed is ignored.

const PROVINCES: Record<string, string> = {
  北京市: '北京',
  天津市: '天津',
  河北省: '河北',
  山西省: '山西',
  内蒙古自治区: '内蒙古',
  辽宁省: '辽宁',
  吉林省: '吉林',
  黑龙江省: '黑龙江',
  上海市: '上海',
  江苏省: '江苏',
  浙江省: '浙江',
  安徽省: '安徽',
  福建省: '福建',
  江西省: '江西',
  山东省: '山东',
  河南省: '河南',
  湖北省: '湖北',
  湖南省: '湖南',
  广东省: '广东',
  广西壮族自治区: '广西',
  海南省: '海南',
  重庆市: '重庆',
  四川省: '四川',
  贵州省: '贵州',
  云南省: '云南',
  西藏自治区: '西藏',
  陕西省: '陕西',
  甘肃省: '甘肃',
  青海省: '青海',
  宁夏回族自治区: '宁夏',
  新疆维吾尔自治区: '新疆',
  台湾省: '台湾',
  香港特别行政区: '香港',
  澳门特别行政区: '澳门',
};

// Prefecture-level divisions per province: `成都` is 成都市; `full:short` spells out the others.
const CITIES: Record<string, string> = {
  河北省: '石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水',
  山西省: '太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁',
  内蒙古自治区:
    '呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安盟:兴安 锡林郭勒盟:锡林郭勒 阿拉善盟:阿拉善',
  辽宁省: '沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛',
  吉林省: '长春 吉林 四平 辽源 通化 白山 松原 白城 延边朝鲜族自治州:延边',
  黑龙江省: '哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭地区:大兴安岭',
  江苏省: '南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁',
  浙江省: '杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水',
  安徽省: '合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城',
  福建省: '福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德',
  江西省: '南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶',
  山东省: '济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽',
  河南省: '郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源',
  湖北省:
    '武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施土家族苗族自治州:恩施 仙桃 潜江 天门 神农架林区:神农架',
  湖南省: '长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西土家族苗族自治州:湘西',
  广东省:
    '广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮',
  广西壮族自治区: '南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左',
  海南省: '海口 三亚 三沙 儋州',
  四川省:
    '成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝藏族羌族自治州:阿坝 甘孜藏族自治州:甘孜 凉山彝族自治州:凉山',
  贵州省:
    '贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南布依族苗族自治州:黔西南 黔东南苗族侗族自治州:黔东南 黔南布依族苗族自治州:黔南',
  云南省:
    '昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄彝族自治州:楚雄 红河哈尼族彝族自治州:红河 文山壮族苗族自治州:文山 西双版纳傣族自治州:西双版纳 大理白族自治州:大理 德宏傣族景颇族自治州:德宏 怒江傈僳族自治州:怒江 迪庆藏族自治州:迪庆',
  西藏自治区: '拉萨 日喀则 昌都 林芝 山南 那曲 阿里地区:阿里',
  陕西省: '西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛',
  甘肃省:
    '兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏回族自治州:临夏 甘南藏族自治州:甘南',
  青海省:
    '西宁 海东 海北藏族自治州:海北 黄南藏族自治州:黄南 海南藏族自治州:海南州 果洛藏族自治州:果洛 玉树藏族自治州:玉树 海西蒙古族藏族自治州:海西',
  宁夏回族自治区: '银川 石嘴山 吴忠 固原 中卫',
  新疆维吾尔自治区:
    '乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉回族自治州:昌吉 博尔塔拉蒙古自治州:博尔塔拉 巴音郭楞蒙古自治州:巴音郭楞 阿克苏地区:阿克苏 克孜勒苏柯尔克孜自治州:克孜勒苏 喀什地区:喀什 和田地区:和田 伊犁哈萨克自治州:伊犁 塔城地区:塔城 阿勒泰地区:阿勒泰',
};

interface City {
  full: string;
  short: string;
  province: string;
}

const CITY_LIST: City[] = Object.entries(CITIES).flatMap(([province, list]) =>
  list.split(' ').map((entry) => {
    const [full, short] = entry.includes(':') ? entry.split(':') : [`${entry}市`, entry];
    return { full, short, province };
  }),
);

// Longest names first, so `黔西南` is tried before `黔南` could match a prefix of something longer.
const byLength = <T>(list: T[], key: (t: T) => string) =>
  [...list].sort((a, b) => key(b).length - key(a).length);
const PROVINCE_FULL = byLength(Object.keys(PROVINCES), (p) => p);
const PROVINCE_SHORT = byLength(Object.entries(PROVINCES), ([, short]) => short);
const CITY_FULL = byLength(CITY_LIST, (c) => c.full);
const CITY_SHORT = byLength(CITY_LIST, (c) => c.short);

interface ResolvedRegion {
  province: string | null; // full name, e.g. 四川省
  city: string | null; // full name, e.g. 成都市
}

const normalise = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

function cityAt(text: string, province: string | null): City | null {
  const fits = (c: City) => province === null || c.province === province;
  return (
    CITY_FULL.find((c) => fits(c) && text.startsWith(c.full)) ??
    CITY_SHORT.find((c) => fits(c) && text.startsWith(c.short)) ??
    null
  );
}

/** The province and city a text names (四川省成都市, 四川成都, 成都, 四川); nulls for what it does not. */
function resolveRegion(text: string): ResolvedRegion {
  const t = normalise(text);
  // A full province name first, then a full city name (吉林市 is the city, not 吉林省 + 市), then
  // short forms, a province before a city (海南 is the province; 海南州 is 青海's prefecture).
  const fullProvince = PROVINCE_FULL.find((p) => t.startsWith(p));
  if (fullProvince)
    return { province: fullProvince, city: cityAt(t.slice(fullProvince.length), fullProvince)?.full ?? null };
  const fullCity = CITY_FULL.find((c) => t.startsWith(c.full));
  if (fullCity) return { province: fullCity.province, city: fullCity.full };
  // Short forms: the longer match wins (海南州 is the prefecture), a province on a tie (海南).
  const shortProvince = PROVINCE_SHORT.find(([, short]) => t.startsWith(short));
  const shortCity = cityAt(t, null);
  if (shortProvince && (!shortCity || shortProvince[1].length >= shortCity.short.length)) {
    const [province, short] = shortProvince;
    return { province, city: cityAt(t.slice(short.length).replace(/^[省市]/, ''), province)?.full ?? null };
  }
  return shortCity ? { province: shortCity.province, city: shortCity.full } : { province: null, city: null };
}

/**
 * Whether an expert whose region is `region` is within `filter`: a province filter takes every city
 * of it (and experts who wrote only the province); a city filter takes that city only. A filter that
 * names no known division matches regions that contain it as text.
 */
export function regionMatches(filter: string, region: string): boolean {
  const f = normalise(filter);
  if (f === '') return true;
  const r = normalise(region);
  const wanted = resolveRegion(f);
  if (wanted.province === null) return r.includes(f);
  const actual = resolveRegion(r);
  if (actual.province === null) return r.includes(f);
  if (actual.province !== wanted.province) return false;
  return wanted.city === null || actual.city === wanted.city;
}
