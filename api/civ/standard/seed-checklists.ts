import { SIX_DISORDERS_SOURCE } from './auto.ts'
import type { CheckMethod, ChecklistKind, Threshold } from '../../db/tables/civ-standard.table.ts'

/**
 * The two checklists as the seeds give them (docs/civ-standard.md):
 * - compound: seed 000 (2023年创建文明小区实施方案), section 四、创立标准 — seven groups of four
 *   items, Chinese text verbatim (the seed's own wording, conversion artefacts such as 创立/效劳
 *   included), English translation alongside. Item 四.4 holds two measures (知晓率 70 %, 满意率 80 %)
 *   and is split in two. The seed gives no weights: ours sum to 100 (docs/civ-standard.md).
 * - community: seed 002 (社区创建工作计划), 一、文明社区创建基本目标 1–17 and 二.8 (绿化 38 %).
 *   The seed file is in traditional characters with pinyin glosses "區(qū)"; the text here is the
 *   same wording in simplified characters, glosses removed.
 * Thresholds: shares are stored 0–1 with unit '%'; only where the seeds give a figure, except the
 * auto items' pass marks marked `system` in docs/civ-standard.md.
 */
export interface SeedItem {
  group: string
  code: string
  text: string
  textEn: string
  weight: number
  method: CheckMethod
  threshold?: Threshold
  auto?: string
  caseCategory?: string
}

export interface SeedChecklist {
  kind: ChecklistKind
  title: string
  titleEn: string
  source: string
  items: SeedItem[]
}

export const GROUPS: Record<string, { zh: string; en: string }> = {
  organisation: { zh: '组织机构健全', en: 'Sound organisation' },
  atmosphere: { zh: '创建氛围浓厚', en: 'Strong civilisation atmosphere' },
  environment: { zh: '环境整洁优美', en: 'Clean and pleasant environment' },
  security: { zh: '治安秩序良好', en: 'Good public order and safety' },
  services: { zh: '小区服务全面', en: 'Comprehensive services' },
  neighbourliness: { zh: '邻里关系和睦', en: 'Harmonious neighbourhood' },
  culture: { zh: '文化生活丰富', en: 'Rich cultural life' },
}

const pct = (op: Threshold['op'], value: number): Threshold => ({ op, value, unit: '%' })

export const COMPOUND_CHECKLIST: SeedChecklist = {
  kind: 'compound',
  title: '文明小区创建标准',
  titleEn: 'Civilised compound standard',
  source: 'seed 000 · 2023年创建文明小区实施方案 · 四、创立标准',
  items: [
    // (一)组织机构健全
    { group: 'organisation', code: '1.1', weight: 3, method: 'document', text: '建立文明小区创立领导班子,创立活动有规划、有措施', textEn: 'A leading group for the civilised-compound campaign exists; the work has a plan and measures' },
    { group: 'organisation', code: '1.2', weight: 3, method: 'document', text: '有小区物业管理的专职队伍,如保洁、治安、社会效劳等', textEn: 'A full-time property-management team (cleaning, security, social services …)' },
    { group: 'organisation', code: '1.3', weight: 3, method: 'document', text: '有小区志愿效劳队,招募小区保安、居民参与志愿效劳队伍', textEn: 'A compound volunteer team, recruiting guards and residents' },
    { group: 'organisation', code: '1.4', weight: 3, method: 'site', text: '有党员活动中心,党小组经常开展活动', textEn: 'A party members’ activity centre; the party group meets regularly' },
    // (二)创立气氛浓厚
    { group: 'atmosphere', code: '2.1', weight: 3, method: 'site', text: '有社会主义核心价值观、中国梦、文明河南、讲文明树新风等公益广告宣传内容', textEn: 'Public-service posters: core socialist values, Chinese Dream, civilised Henan, “be civil, set a new trend”', caseCategory: 'broken_facility' },
    { group: 'atmosphere', code: '2.2', weight: 3, method: 'site', text: '有文明小区标准、xx县文明公约等宣传内容', textEn: 'The civilised-compound standard and the county civility pact are displayed' },
    { group: 'atmosphere', code: '2.3', weight: 3, method: 'site', text: '有文明礼仪、道德标准、好人好事等善行义举榜', textEn: 'A board of good deeds (etiquette, moral standards, good people and deeds)' },
    { group: 'atmosphere', code: '2.4', weight: 3, method: 'site', text: '小区有禁烟标识,有保护花草树木等遵德守礼提示牌等', textEn: 'No-smoking signs and reminder signs (protect plants and trees …)', caseCategory: 'public_smoking' },
    // (三)环境整洁优美
    { group: 'environment', code: '3.1', weight: 5, method: 'site', text: '小区道路平坦、畅通、整洁', textEn: 'Roads are even, unobstructed and clean', caseCategory: 'road_uncleanliness' },
    { group: 'environment', code: '3.2', weight: 5, method: 'site', text: '绿化标准高,根本做到黄土不见天,无占绿、侵绿、种菜等现象', textEn: 'High greening standard, no bare soil; no occupying or encroaching on green space, no vegetable plots (greening rate ≥ 20 %, seed 002)', threshold: pct('>=', 0.2), auto: 'greening_rate', caseCategory: 'vegetable_plot' },
    { group: 'environment', code: '3.3', weight: 5, method: 'site', text: '实施生活垃圾袋装化,清运定时定点,垃圾箱设施齐全,消除公共场所“脏、乱、差〞', textEn: 'Household waste bagged, collected at fixed times and places, bins complete; no dirt or disorder in public places (households within 300 m of a kiosk)', threshold: pct('>=', 0.9), auto: 'kiosk_coverage', caseCategory: 'exposed_rubbish' },
    { group: 'environment', code: '3.4', weight: 5, method: 'site', text: '无“六乱〞,即无污染源,无违章搭建,无乱张贴,无乱堆杂物,无乱停车辆,无乱设摊点等各种违章现象', textEn: 'None of the “six disorders”: pollution sources, illegal structures, flyposting, clutter, illegal parking, street stalls (open cases in the compound)', threshold: { op: '<=', value: 0, unit: 'cases' }, auto: SIX_DISORDERS_SOURCE, caseCategory: 'clutter' },
    // (四)治安秩序良好
    { group: 'security', code: '4.1', weight: 4, method: 'site', text: '小区有人防队伍和技防措施,制度上墙,职责明确,工作正常,无重大刑事案件发生', textEn: 'Patrol staff and technical security, rules posted, clear duties, no major crime (grid patrol 到位率)', threshold: pct('>=', 0.9), auto: 'patrol_share' },
    { group: 'security', code: '4.2', weight: 4, method: 'document', text: '建立健全各类帮教、调解小组,能经常开展活动,对外来人员、流动人口有一套标准化、制度化的管理;及时调解民间纠纷,调解组织网络健全', textEn: 'Support and mediation groups active; standardised management of newcomers and the floating population; disputes mediated promptly' },
    { group: 'security', code: '4.3', weight: 4, method: 'document', text: '法制教育开展好,居民遵纪守法意识强', textEn: 'Legal education is done well; residents are law-abiding' },
    { group: 'security', code: '4.4a', weight: 2, method: 'survey', text: '群众对创立“平安小区〞活动知晓率达70%以上', textEn: 'Residents’ awareness of the “safe compound” campaign ≥ 70 %', threshold: pct('>=', 0.7) },
    { group: 'security', code: '4.4b', weight: 2, method: 'survey', text: '对治安状况满意率保持在80%以上', textEn: 'Satisfaction with public security ≥ 80 %', threshold: pct('>=', 0.8) },
    // (五)小区效劳全面
    { group: 'services', code: '5.1', weight: 4, method: 'site', text: '小区效劳网络健全,便民设施良好,社区效劳设施利用率高', textEn: 'A full service network, convenience facilities in good order and well used', caseCategory: 'broken_facility' },
    { group: 'services', code: '5.2', weight: 4, method: 'survey', text: '物业效劳工作人员挂牌效劳,培训上岗,效劳到位,工作做到舒心、满意、放心;居民对小区物业管理满意率达80%以上', textEn: 'Property staff wear badges, are trained and serve well; residents’ satisfaction with property management ≥ 80 %', threshold: pct('>=', 0.8) },
    { group: 'services', code: '5.3', weight: 4, method: 'site', text: '有志愿效劳站,做到“六有一落实〞(一有统一标识,二有办公场所,三有志愿者队伍,四有管理制度,五有工作台账,六有效劳工程,落实志愿效劳活动),配备水、电、暖等根底设施日常修缮工具,方便居民生活', textEn: 'A volunteer station with the “six haves and one implementation” (sign, office, volunteers, rules, ledgers, service projects; activities held) and repair tools for water, power and heating' },
    { group: 'services', code: '5.4', weight: 4, method: 'document', text: '建立各种为民效劳志愿者队伍,开展多种形式的便民利民效劳活动。做到效劳工程齐全、效劳内容丰富,效劳形式多样、效劳措施落实。关心老人、残疾人、优抚对象等有特殊困难的群体,定期开展走访慰问活动', textEn: 'Volunteer teams run varied services; the elderly, disabled and other groups in difficulty are visited regularly' },
    // (六)邻里关系和睦
    { group: 'neighbourliness', code: '6.1', weight: 3, method: 'document', text: '开展文明市民教育。每年开展xx县公民文明素质教育读本等学习活动不少于四次,对居民进行社会公德、职业道德、家庭美德和个人品德教育', textEn: 'Civic education: at least four study sessions a year on public, professional, family and personal morality', threshold: { op: '>=', value: 4, unit: 'times/year' } },
    { group: 'neighbourliness', code: '6.2', weight: 3, method: 'document', text: '积极开展文明楼道、文明家庭、好儿女、好婆媳、星级文明户等创评活动,倡导遵老爱幼良好风气', textEn: 'Civilised corridors, civilised families, good children and in-laws, star households are selected; respect for the old and care for the young' },
    { group: 'neighbourliness', code: '6.3', weight: 3, method: 'document', text: '积极开展邻里守望活动,倡导邻里团结、互帮互助', textEn: 'Neighbourhood-watch activities; neighbours unite and help each other' },
    { group: 'neighbourliness', code: '6.4', weight: 3, method: 'site', text: '积极开展“七不〞活动(不随地吐痰、不乱扔垃圾、不损害公物、不破坏绿地、不乱穿马路、不在公共场所吸烟、不说粗话脏话),培养良好的行为标准', textEn: 'The “seven don’ts” (no spitting, littering, damaging public property or greenery, jaywalking, smoking in public, swearing)', caseCategory: 'exposed_rubbish' },
    // (七)文化生活丰富
    { group: 'culture', code: '7.1', weight: 3, method: 'document', text: '经常组织居民开展丰富多彩、内容健康的文化体育活动,开展好家风好家训活动,提高居民的思想道德素质和文化素养', textEn: 'Regular healthy cultural and sports activities; good family traditions promoted' },
    { group: 'culture', code: '7.2', weight: 3, method: 'site', text: '有文体活动场所。有一定数量的报刊、图书,有文化体育活动器材', textEn: 'A place for culture and sports (fitness ground ≥ 400 m², seed 002), newspapers, books and equipment', threshold: { op: '>=', value: 400, unit: 'm²' }, auto: 'fitness_area_m2', caseCategory: 'broken_facility' },
    { group: 'culture', code: '7.3', weight: 3, method: 'document', text: '大力普及科学知识,宣传方案生育政策,移风易俗,倡导科学、文明、健康的生活方式,无封建迷信活动', textEn: 'Science popularised, family-planning policy publicised, a healthy lifestyle promoted; no feudal superstition' },
    { group: 'culture', code: '7.4', weight: 3, method: 'document', text: '积极开展“扫黄打非〞活动,抵抗和禁止反动、黄色的文化制品,无赌博现象', textEn: 'Anti-pornography and anti-illegal-publication work; no gambling' },
  ],
}

export const COMMUNITY_CHECKLIST: SeedChecklist = {
  kind: 'community',
  title: '文明社区创建基本目标',
  titleEn: 'Civilised community targets',
  source: 'seed 002 · 社区创建工作计划 · 一、文明社区创建基本目标 1–17, 二.8',
  items: [
    { group: 'security', code: '1', weight: 6, method: 'document', text: '治安制度规范有效,定期例会制度,安全检查制度,宣传教育制度,治安巡逻制度,情况积累制度', textEn: 'Effective security rules: regular meetings, safety checks, publicity and education, patrols, records', threshold: pct('>=', 0.9), auto: 'patrol_share' },
    { group: 'security', code: '2', weight: 5, method: 'document', text: '切实落实防火、防灾等安全检查制度和措施。连续3年无重大火灾事故', textEn: 'Fire and disaster safety checks enforced; no major fire for 3 consecutive years', threshold: { op: '>=', value: 3, unit: 'years' } },
    { group: 'services', code: '3', weight: 5, method: 'site', text: '因地制宜,拾遗补缺,设立老年人活动室、计划生育咨询服务场所、社工服务站,方便居民的日常生活', textEn: 'Rooms for the elderly, a family-planning advice point and a social-work station, as local conditions allow' },
    { group: 'culture', code: '4', weight: 5, method: 'document', text: '经常组织居民开展丰富多彩、内容健康的文化体育活动。小型文体活动一年不少于4次', textEn: 'Regular cultural and sports activities; at least 4 small events a year', threshold: { op: '>=', value: 4, unit: 'times/year' } },
    { group: 'culture', code: '5', weight: 5, method: 'document', text: '大力普及科学知识、法律教育;宣传计划生育政策,无计划外生育;无封建迷信活动', textEn: 'Science and legal education; family-planning policy publicised; no births outside the plan; no superstition' },
    { group: 'culture', code: '6', weight: 5, method: 'document', text: '协助派出所积极开展“扫黄打非”活动,抵制和禁止色情、淫秽的文化制品,禁赌、禁毒成效显著', textEn: 'Help the police station fight pornography and illegal publications, gambling and drugs' },
    { group: 'security', code: '7', weight: 6, method: 'site', text: '配备必要的防火设施器材,配备率90%,健全业余消防队伍,普及消防知识,普及率90%', textEn: 'Fire equipment provided (≥ 90 %), a volunteer fire team, fire knowledge spread (≥ 90 %)', threshold: pct('>=', 0.9), caseCategory: 'broken_facility' },
    { group: 'security', code: '8', weight: 5, method: 'document', text: '调解组织网络健全,能及时调解民间纠纷,调解率90%', textEn: 'A mediation network settles disputes promptly; mediation rate ≥ 90 %', threshold: pct('>=', 0.9) },
    { group: 'culture', code: '9', weight: 7, method: 'site', text: '小区内有不少于400平方米的健身点、娱乐点等各类文化体育活动场所,有小区的报刊阅览室,居民户的文化活动参与率80%以上', textEn: 'At least 400 m² of fitness and recreation grounds, a reading room; ≥ 80 % of households take part in cultural activities', threshold: { op: '>=', value: 400, unit: 'm²' }, auto: 'fitness_area_m2' },
    { group: 'security', code: '10', weight: 6, method: 'site', text: '主要弄口安全岗设置率达100%,安全设施完备,人员齐整', textEn: 'Guard posts at every main lane entrance (100 %), complete safety equipment and staff', threshold: pct('>=', 1) },
    { group: 'services', code: '11', weight: 6, method: 'site', text: '大楼公共走道灯安装率100%', textEn: 'Corridor lights installed in every building (100 %)', threshold: pct('>=', 1), caseCategory: 'broken_light' },
    { group: 'environment', code: '12', weight: 6, method: 'site', text: '居民群众遵守“七不”规范,小区内无“六乱”现象;规范饲养,不养家禽、无证犬,小区内实行规范养鸽', textEn: 'Residents keep the “seven don’ts”; no “six disorders”; no poultry or unlicensed dogs, pigeons kept by the rules', threshold: { op: '<=', value: 0, unit: 'cases' }, auto: SIX_DISORDERS_SOURCE, caseCategory: 'clutter' },
    { group: 'environment', code: '13', weight: 8, method: 'site', text: '卫生设施齐全,完好率达95%以上。公厕、垃圾箱(房)整洁,密闭,并定时开放,垃圾实行分类管理。无积存垃圾,无粪便冒溢,无蚊蝇孳生,无渣土垃圾堆积', textEn: 'Sanitation facilities complete, ≥ 95 % intact; toilets and bins clean, closed, open on time; waste sorted; no piled rubbish, overflow, flies or spoil', threshold: pct('>=', 0.95), caseCategory: 'overflowing_bin' },
    { group: 'services', code: '14', weight: 5, method: 'site', text: '社区服务网络健全,服务网点布局合理,管理科学规范,工作人员挂牌服务,培训上岗,服务到位', textEn: 'A sound service network, well-placed service points, staff badged, trained and serving well' },
    { group: 'environment', code: '15', weight: 6, method: 'site', text: '小区内绿化率达20%,绿化布局合理,逐步扩大绿化覆盖', textEn: 'Greening rate ≥ 20 % with a sensible layout, coverage growing', threshold: pct('>=', 0.2), auto: 'greening_rate', caseCategory: 'greenery_repair' },
    { group: 'environment', code: '16', weight: 5, method: 'site', text: '小区内道路畅通,路面整洁,宣传标牌统一有序,美观大方,公共设施不随意改变用途,阳台封闭规范、整洁', textEn: 'Roads clear and clean, uniform signs, public facilities kept to their use, balconies enclosed tidily', caseCategory: 'road_uncleanliness' },
    { group: 'services', code: '17', weight: 5, method: 'site', text: '自行车棚、公共电话等便民设施服务良好,社区服务设施利用率高', textEn: 'Bike sheds, public phones and other conveniences in good order and well used', caseCategory: 'broken_facility' },
    { group: 'environment', code: '二.8', weight: 4, method: 'site', text: '更新小区的宣传标志的更换工作,小区内绿化达到38%,绿化布局合理,环境整洁优美', textEn: 'Signs renewed; greening reaches 38 % with a sensible layout, clean and pleasant', threshold: pct('>=', 0.38), auto: 'greening_rate' },
  ],
}

export const SEED_CHECKLISTS: SeedChecklist[] = [COMPOUND_CHECKLIST, COMMUNITY_CHECKLIST]
