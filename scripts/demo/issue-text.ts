/**
 * Descriptions for demo issues: a few phrasings per category, each naming the place, plus an
 * optional note of the kind grid workers add. Varied enough that a list of cases reads like one.
 */
import type { Rng } from './random.ts'

const TEMPLATES: Record<string, string[]> = {
  vegetable_plot: ['{p}绿化带被居民开垦种菜', '{p}公共绿地内有人种植蔬菜并堆放粪肥', '{p}草坪被改成菜地，毁坏绿化约20平方米'],
  clutter: ['{p}楼道内堆放杂物，影响消防通道', '{p}门前乱堆乱放纸箱和旧家具', '{p}空地堆放建筑材料和废旧物品'],
  private_wiring: ['{p}有居民从楼上私拉电线给电动车充电', '{p}飞线充电现象，存在安全隐患', '{p}树木上私拉电线挂灯'],
  fumes_sewage: ['{p}餐馆油烟直排，周边居民投诉', '{p}商户将污水直接倒入雨水井', '{p}烧烤摊油烟扰民'],
  greenery_repair: ['{p}绿化带苗木枯死需补植', '{p}行道树倒伏，需修剪扶正', '{p}草坪裸露，绿化缺损'],
  illegal_construction: ['{p}有住户私自搭建彩钢棚', '{p}一楼住户违规扩建围墙', '{p}屋顶新增违章建筑'],
  pollution_source: ['{p}有焚烧垃圾现象，烟雾较大', '{p}养殖场粪污外排', '{p}路边倾倒建筑垃圾'],
  flyposting: ['{p}墙面和电杆上张贴小广告', '{p}单元门口有大量“牛皮癣”', '{p}宣传栏被乱贴乱画'],
  illegal_parking: ['{p}机动车占用人行道停放', '{p}车辆乱停堵塞消防通道', '{p}非机动车乱停乱放'],
  street_stall: ['{p}有流动摊贩占道经营，影响通行', '{p}早点摊占用人行道，地面油污较多', '{p}水果摊贩沿街摆卖'],
  exposed_rubbish: ['{p}有暴露垃圾未及时清运', '{p}垃圾堆积，散发异味', '{p}路边有生活垃圾散落'],
  road_uncleanliness: ['{p}路面有泥土和污渍，保洁不到位', '{p}路面积水和垃圾较多', '{p}人行道落叶和烟头较多'],
  overflowing_bin: ['{p}垃圾桶满溢未及时清运', '{p}垃圾箱周边满地垃圾', '{p}分类垃圾桶已满，居民无法投放'],
  waste_sorting: ['{p}居民未按要求分类投放', '{p}厨余垃圾与其他垃圾混投', '{p}投放点无人督导，混投严重'],
  broken_facility: ['{p}健身器材损坏，存在安全隐患', '{p}井盖破损', '{p}护栏损坏倒伏'],
  broken_light: ['{p}楼道灯不亮', '{p}路灯夜间不亮', '{p}多盏路灯损坏'],
  public_smoking: ['{p}室内公共场所有人吸烟', '{p}有人在禁烟区域吸烟', '{p}公共场所烟头较多，劝导无效'],
}

const NOTES = ['', '', '，请尽快处理。', '，已拍照取证。', '，现场已劝导，需部门跟进。', '，居民多次反映。', '，影响市容环境。', '，请派人核实处理。']

export function describe(category: string, place: string, rng: Rng): string {
  const templates = TEMPLATES[category]
  if (!templates) throw new Error(`no description templates for category ${category}`)
  return rng.pick(templates).replace('{p}', place) + rng.pick(NOTES)
}

export const DESCRIBED_CATEGORIES = Object.keys(TEMPLATES)
