/**
 * Name pools for the fictional district. Places come as [Chinese, English] pairs so every grid
 * has a nameEn; people get Chinese names only. Nothing here names a real person or place on
 * purpose; common words make coincidences with real names possible but meaningless.
 */
import type { Rng } from './random.ts'

export type NamePair = readonly [zh: string, en: string]

export const DISTRICT_NAME: NamePair = ['岚湖区（演示）', 'Lanhu District (demo)']
export const DISTRICT_CODE = '990102'

export const STREETS: NamePair[] = [
  ['岚城街道', 'Lancheng Subdistrict'],
  ['湖滨街道', 'Hubin Subdistrict'],
  ['东岚街道', 'Donglan Subdistrict'],
  ['西岚街道', 'Xilan Subdistrict'],
]
export const TOWNS: NamePair[] = [
  ['龙泉镇', 'Longquan Town'],
  ['青山镇', 'Qingshan Town'],
  ['白石乡', 'Baishi Township'],
  ['石门镇', 'Shimen Town'],
  ['松林乡', 'Songlin Township'],
]

/** Word stems shared by communities, streets and compounds. */
const STEMS: NamePair[] = [
  ['文明', 'Wenming'], ['建设', 'Jianshe'], ['东城', 'Dongcheng'], ['西园', 'Xiyuan'], ['新华', 'Xinhua'],
  ['北门', 'Beimen'], ['南苑', 'Nanyuan'], ['翠湖', 'Cuihu'], ['人民', 'Renmin'], ['桂园', 'Guiyuan'],
  ['锦华', 'Jinhua'], ['振兴', 'Zhenxing'], ['团结', 'Tuanjie'], ['和平', 'Heping'], ['兴隆', 'Xinglong'],
  ['春晖', 'Chunhui'], ['育才', 'Yucai'], ['光明', 'Guangming'], ['玉泉', 'Yuquan'], ['聚福', 'Jufu'],
  ['凤鸣', 'Fengming'], ['莲花', 'Lianhua'], ['迎春', 'Yingchun'], ['长乐', 'Changle'], ['安宁', 'Anning'],
  ['富民', 'Fumin'], ['永安', 'Yong\'an'], ['青年', 'Qingnian'], ['解放', 'Jiefang'], ['胜利', 'Shengli'],
  ['朝阳', 'Chaoyang'], ['红旗', 'Hongqi'], ['秀山', 'Xiushan'], ['金泉', 'Jinquan'], ['北辰', 'Beichen'],
  ['南屏', 'Nanping'], ['东风', 'Dongfeng'], ['西城', 'Xicheng'], ['花园', 'Huayuan'], ['书院', 'Shuyuan'],
  ['古城', 'Gucheng'], ['新城', 'Xincheng'], ['学府', 'Xuefu'], ['康乐', 'Kangle'], ['福康', 'Fukang'],
  ['惠民', 'Huimin'], ['鼓楼', 'Gulou'], ['仓街', 'Cangjie'], ['文庙', 'Wenmiao'], ['太平', 'Taiping'],
]

/** Villages on the edge of town (城中村/城郊村, as in seed 001) belong to the 街道. */
export const SUBURBAN_VILLAGES: NamePair[] = [
  ['大港村', 'Dagang Village'], ['城西村', 'Chengxi Village'], ['三连村', 'Sanlian Village'], ['李家营村', 'Lijiaying Village'],
  ['新街村', 'Xinjie Village'], ['城东村', 'Chengdong Village'],
]
export const VILLAGES: NamePair[] = [
  ['龙潭村', 'Longtan Village'], ['白沙村', 'Baisha Village'], ['高桥村', 'Gaoqiao Village'], ['石桥村', 'Shiqiao Village'],
  ['大营村', 'Daying Village'], ['河西村', 'Hexi Village'], ['柏树村', 'Baishu Village'], ['马家庄村', 'Majiazhuang Village'],
  ['中和村', 'Zhonghe Village'], ['上坝村', 'Shangba Village'], ['下坝村', 'Xiaba Village'], ['松林村', 'Songlin Village'],
  ['黄土坡村', 'Huangtupo Village'], ['观音山村', 'Guanyinshan Village'], ['梨园村', 'Liyuan Village'], ['杨柳村', 'Yangliu Village'],
  ['沙沟村', 'Shagou Village'], ['青龙村', 'Qinglong Village'], ['石门村', 'Shimen Village'], ['海门村', 'Haimen Village'],
  ['凤凰村', 'Fenghuang Village'], ['鱼塘村', 'Yutang Village'], ['竹园村', 'Zhuyuan Village'], ['小营村', 'Xiaoying Village'],
  ['双龙村', 'Shuanglong Village'], ['马鞍山村', 'Ma\'anshan Village'], ['田心村', 'Tianxin Village'],
]

/** 自然村 (hamlets): the level-2 areas of a village are named after them. */
export const HAMLETS: NamePair[] = [
  ['张家庄', 'Zhangjiazhuang'], ['李家湾', 'Lijiawan'], ['上村', 'Shangcun'], ['下村', 'Xiacun'], ['大水井', 'Dashuijing'],
  ['小河边', 'Xiaohebian'], ['杨家坡', 'Yangjiapo'], ['新寨', 'Xinzhai'], ['老寨', 'Laozhai'], ['白土坡', 'Baitupo'],
  ['松树林', 'Songshulin'], ['沙坝', 'Shaba'], ['河头', 'Hetou'], ['箐口', 'Qingkou'], ['背阴山', 'Beiyinshan'],
  ['石岩脚', 'Shiyanjiao'], ['龙树', 'Longshu'], ['核桃园', 'Hetaoyuan'], ['果园', 'Guoyuan'], ['大村', 'Dacun'],
  ['小村', 'Xiaocun'], ['王家营', 'Wangjiaying'], ['赵家坝', 'Zhaojiaba'], ['刘家村', 'Liujiacun'], ['陈家湾', 'Chenjiawan'],
  ['后山', 'Houshan'], ['前所', 'Qiansuo'], ['中村', 'Zhongcun'], ['坝心', 'Baxin'], ['塘子', 'Tangzi'],
]

const ROAD_SUFFIX_EW: NamePair[] = [['路', 'Road'], ['路', 'Road'], ['街', 'Street']]
const ROAD_SUFFIX_NS: NamePair[] = [['街', 'Street'], ['路', 'Road'], ['巷', 'Lane']]
export const MAIN_ROADS: NamePair[] = [
  ['岚湖大道', 'Lanhu Avenue'], ['迎宾大道', 'Yingbin Avenue'], ['文明路', 'Wenming Road'], ['建设路', 'Jianshe Road'],
  ['人民路', 'Renmin Road'], ['振兴路', 'Zhenxing Road'], ['环城北路', 'North Ring Road'], ['环城东路', 'East Ring Road'],
  ['环城南路', 'South Ring Road'], ['环城西路', 'West Ring Road'],
]
export const RURAL_ROADS: NamePair[] = [
  ['岚龙公路', 'Lanlong Highway'], ['岚青公路', 'Lanqing Highway'], ['岚白公路', 'Lanbai Highway'], ['石松公路', 'Shisong Highway'],
  ['县道X201', 'County Road X201'], ['县道X203', 'County Road X203'], ['县道X207', 'County Road X207'],
]

const COMPOUND_STEMS = [
  '锦绣', '翠湖', '阳光', '金色', '丽景', '和谐', '滨湖', '幸福', '东方', '世纪', '紫荆', '盛世', '御景', '书香', '碧桂',
  '天顺', '春城', '荷塘', '月湖', '香榭', '银杏', '梧桐', '玉兰', '海棠', '兰亭', '静园', '景苑', '雅居', '怡景', '福苑',
  '康城', '新港', '凤凰', '龙腾', '金海', '祥和', '宏达', '华庭', '蓝湾', '彩云',
]
const COMPOUND_SUFFIX = ['花园', '小区', '苑', '家园', '新城', '公寓', '名苑', '雅苑', '华府', '新村']
/** 单位家属院: old work-unit compounds, usually without property management. */
const WORK_UNITS = [
  '教育局', '供销社', '粮食局', '电力公司', '卫生院', '水泥厂', '糖厂', '烟草公司', '农机站', '供电所', '邮政局', '交通局',
  '林业局', '水利局', '农业银行', '县医院', '化肥厂', '运输公司', '建筑公司', '棉纺厂', '印刷厂', '气象局', '地质队', '武装部',
]
const PROPERTY_STEMS = ['安居', '恒信', '鑫源', '万家', '正德', '诚信', '金管家', '佳和', '绿城', '星辰', '岚湖', '永辉']

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国红梅兰玉珍海燕林春晓文斌辉波宁鹏飞凤琴云莲兵荣成亮俊婷雪琳丹浩宇欣怡佳慧志鑫晨阳昊子涵梓博睿'

/** A fictional Chinese personal name: surname plus one or two given characters. */
export function personName(rng: Rng): string {
  const surname = SURNAMES[rng.int(0, SURNAMES.length - 1)]
  const g1 = GIVEN[rng.int(0, GIVEN.length - 1)]
  return rng.chance(0.7) ? surname + g1 + GIVEN[rng.int(0, GIVEN.length - 1)] : surname + g1
}

/** 王女士 / 李先生: how a member of the public is recorded on a hotline ticket. */
export function maskedName(rng: Rng): string {
  return SURNAMES[rng.int(0, SURNAMES.length - 1)] + (rng.chance(0.55) ? '女士' : '先生')
}

/** Hands out distinct names from a pool, then numbered variants once the pool runs out. */
export function uniqueNamer(pool: readonly NamePair[], rng: Rng | null): () => NamePair {
  const order = rng ? rng.shuffle(pool.slice()) : pool.slice()
  let i = 0
  return () => {
    const base = order[i % order.length]
    const round = Math.floor(i / order.length)
    i++
    if (round === 0) return base
    return [`${base[0].replace(/(村|社区|街道|镇|乡)$/, '')}${round + 1}${tail(base[0])}`, `${base[1]} ${round + 1}`]
  }
}

function tail(zh: string): string {
  const m = zh.match(/(村|社区|街道|镇|乡)$/)
  return m ? m[1] : ''
}

export function communityNamer(rng: Rng): () => NamePair {
  return uniqueNamer(
    STEMS.map(([zh, en]) => [`${zh}社区`, `${en} Community`] as const),
    rng,
  )
}

export function streetNamer(rng: Rng): (eastWest: boolean) => NamePair {
  const taken = new Map<string, number>() // base name → how many streets carry it
  for (const [zh] of MAIN_ROADS) taken.set(zh, 1)
  return (eastWest) => {
    const stem = rng.pick(STEMS)
    const suffix = rng.pick(eastWest ? ROAD_SUFFIX_EW : ROAD_SUFFIX_NS)
    const base = `${stem[0]}${suffix[0]}`
    const n = (taken.get(base) ?? 0) + 1
    taken.set(base, n)
    if (n === 1) return [base, `${stem[1]} ${suffix[1]}`]
    // later streets of the same stem are numbered, as towns do: 建设二路, 建设三路, …
    const ordinal = n <= 10 ? '一二三四五六七八九十'[n - 1] : String(n)
    return [`${stem[0]}${ordinal}${suffix[0]}`, `${stem[1]} ${suffix[1]} ${n}`]
  }
}

export function compoundNamer(rng: Rng): (workUnit: boolean) => string {
  const used = new Set<string>()
  const phases = new Map<string, number>()
  return (workUnit) => {
    const base = workUnit ? `${rng.pick(WORK_UNITS)}家属院` : `${rng.pick(COMPOUND_STEMS)}${rng.pick(COMPOUND_SUFFIX)}`
    if (!used.has(base)) {
      used.add(base)
      return base
    }
    // a name already taken becomes the next phase of that development (二期, 三期, …)
    const phase = (phases.get(base) ?? 1) + 1
    phases.set(base, phase)
    return `${base}${phase <= 10 ? '二三四五六七八九十'[phase - 2] : phase}期`
  }
}

export function propertyCompany(rng: Rng): string {
  return `岚湖${rng.pick(PROPERTY_STEMS)}物业服务有限公司`
}

/** 包保单位: the offices that take responsibility for a grid. */
export const UNITS = [
  '区住建局', '区综合执法局', '区卫健局', '区教体局', '区财政局', '区自然资源局', '区市场监管局', '区公安分局', '区民政局',
  '区农业农村局', '区交通运输局', '区文旅局', '区人社局', '区生态环境分局', '区水务局', '区医保局', '区发改局', '区司法局',
  '区统计局', '区审计局', '区应急管理局', '区林草局', '区退役军人事务局', '区商务局', '区工信局', '区科协', '区总工会', '团区委',
  '区妇联', '区融媒体中心', '区人民医院', '区中医医院', '区第一中学', '区供电局', '区邮政分公司', '区农村信用社', '区税务局',
  '区档案馆', '区城投公司', '区园林绿化中心',
]

/** Lanes and streets of the old town, for its quarters of self-built houses (老街区). */
const OLD_LANES = [
  '东门巷', '西门街', '打铁巷', '米市街', '鼓楼巷', '书院巷', '水井巷', '盐店街', '马市街', '文庙街', '北门街', '南门巷', '柴市街',
  '豆腐巷', '仓巷', '染坊巷', '银匠巷', '箭道巷', '井坎巷', '武庙街', '草市街', '太平巷', '双井巷', '火神庙巷', '骡马巷', '城隍庙街',
  '学前巷', '石板巷', '钟楼街', '糖坊巷',
]
const HAMLET_SUFFIX = ['营', '湾', '坝', '庄', '寨', '凹']

/**
 * Names of the quarters of self-built houses: old-town lanes (打铁巷), and for the villages the
 * town has grown round (城中村) a family name and a landform (何家营). Never run out: a lane
 * taken again becomes its next section (打铁巷二段), a village name gets a number.
 */
export function quarterNamer(rng: Rng): (oldTown: boolean) => string {
  const lanes = rng.shuffle(OLD_LANES.slice())
  const taken = new Set<string>(HAMLETS.map(([zh]) => zh))
  let nLane = 0
  let nVillage = 0
  return (oldTown) => {
    if (oldTown) {
      const base = lanes[nLane % lanes.length]
      const round = Math.floor(nLane++ / lanes.length)
      return round === 0 ? base : `${base}${round < 9 ? '二三四五六七八九十'[round - 1] : round + 1}段`
    }
    for (let t = 0; t < 40; t++) {
      const name = `${SURNAMES[rng.int(0, SURNAMES.length - 1)]}家${rng.pick(HAMLET_SUFFIX)}`
      if (!taken.has(name)) {
        taken.add(name)
        return name
      }
    }
    return `新村${++nVillage}组`
  }
}

const WORKS = [
  '水泥厂', '酒厂', '烟叶复烤厂', '建材市场', '物流园', '农机厂', '食品厂', '印刷厂', '纺织厂', '制药厂', '汽修厂', '粮库', '供销仓库',
  '茶厂', '木材加工厂', '机械厂', '饲料厂', '砖瓦厂', '冷链仓储中心', '汽车客运站', '公交停车场', '自来水厂', '农产品批发市场', '再生资源回收站',
]
const INSTITUTIONS = [
  '区疾控中心', '区妇幼保健院', '区供电局', '区自来水公司', '区邮政分公司', '区交警大队', '区消防救援大队', '区气象局', '区烟草专卖局',
  '区人民法院', '区人民检察院', '区税务局', '区市场监管局', '区农业农村局', '区水务局', '区职业高级中学', '区体育中心', '区老年活动中心',
  '区人武部', '区档案馆', '区委党校', '区应急管理局', '区林草局', '区住建局',
]

/** Works and warehouses (岚湖水泥厂) and public institutions (岚湖区气象局); repeats become 二期, 三期… */
export function premisesNamer(rng: Rng): (kind: 'works' | 'institution') => string {
  const pools = { works: rng.shuffle(WORKS.map((w) => `岚湖${w}`)), institution: rng.shuffle(INSTITUTIONS.map((w) => `岚湖${w}`)) }
  const count = { works: 0, institution: 0 }
  return (kind) => {
    const pool = pools[kind]
    const i = count[kind]++
    const round = Math.floor(i / pool.length)
    const base = pool[i % pool.length]
    if (round === 0) return base
    return kind === 'works' ? `${base}${round < 9 ? '二三四五六七八九十'[round - 1] : round + 1}期` : `${base}${round + 1}号院`
  }
}
