import * as shellMessages from '../features/shell/messages'
import * as wallMessages from '../features/wall/messages'
import * as drillMessages from '../features/drill/messages'
import * as hotspotsMessages from '../features/hotspots/messages'
import * as civMessages from '../features/civ/messages'
import * as mobileMessages from '../features/mobile/messages'
// issue 7 · inspections (inspect)
import * as inspectionsMessages from '../features/inspections/messages'
import * as plannerMessages from '../features/planner/messages'
import * as boundariesMessages from '../features/boundaries/messages'
import * as sitingMessages from '../features/siting/messages'
import * as whatifMessages from '../features/whatif/messages'
/** 简体中文 — the interface's first language. en.ts must have exactly the same keys. */
import * as casesMessages from '../features/cases/messages'
import * as coverageMessages from '../features/coverage/messages'
import * as authMessages from '../features/auth/messages'

import * as topologyMessages from '../features/topology/messages'
import * as compoundsMessages from '../features/compounds/messages'
import * as patrolMessages from '../features/patrol/messages'
// issue 7 · progress (civmap)
import * as civProgressMessages from '../features/civprogress/messages'
import * as ledgersMessages from '../features/ledgers/messages'
const zhCN = {
  app: {
    name: '网格慧眼',
    product: 'gridsight',
    tagline: '网格化管理一张图',
    loading: '正在加载…',
    loadingLayer: '正在加载：{layer}',
    retry: '重试',
    retryAll: '全部重试',
    moreFailures: '另有 {n} 项加载失败',
    dismiss: '关闭',
    apiDown: '无法连接到服务器，地图数据暂不可用。',
    loadFailed: '{what}加载失败：{message}',
    districtFallback: '演示区',
    mapError: '地图渲染出错：{message}',
    noWebgl: '浏览器无法创建 WebGL 地图：{message}',
  },
  topbar: {
    level: '网格层级',
    coverage: '垃圾分类覆盖',
    switchLanguage: 'English',
    languageTitle: '切换到英文界面',
    zoomToDistrict: '回到全区',
  },
  levels: { '0': '街道/乡镇', '1': '社区/村', '2': '片区', '3': '点位' },
  layers: {
    title: '图层',
    thematic: '业务图层',
    basemap: '底图',
    grids: '网格',
    issues: '问题点位',
    kiosks: '垃圾分类收集亭',
    dropPoints: '临时投放点',
    facilities: '服务设施',
    compounds: '小区',
    patrols: '巡查轨迹',
    // issue 7 · progress (civmap)
    civStatus: '文明小区创建',
    renovation: '老旧小区改造',
    buildings: '建筑',
    roads: '道路',
    water: '水系',
    green: '绿地与农林',
    collapse: '收起图层面板',
    expand: '展开图层面板',
    issueCount: '共 {n} 条',
    issueFilter: '显示',
    issueFilters: { all: '全部', open: '办理中', overdue: '已超期' },
  },
  legend: {
    clusterNone: '聚合·无超期',
    clusterRange: '聚合·超期{from}–{to}',
    clusterFrom: '聚合·超期≥{from}',
    kiosk: '收集亭',
    dropPoint: '临时投放点',
    compound: '小区',
    oldCompound: '老旧小区',
    patrol: '网格员巡查轨迹',
    building: '建筑',
    water: '河流湖塘',
    noData: '无数据',
  },
  issueStatus: { open: '办理中', overdue: '已超期', closed: '已结案' },
  facilityKinds: {
    practice_station: '新时代文明实践站',
    volunteer_station: '志愿服务站',
    activity_room: '活动室',
    publicity_board: '宣传栏',
    market: '农贸市场',
    school: '学校',
    police_post: '警务室',
    other: '其他设施',
  },
  practiceSetting: { village: '村级', residential: '居民小区' },
  greenKinds: {
    farmland: '农田',
    forest: '林地',
    park: '公园',
    square: '广场',
    compound_green: '小区绿地',
    fitness: '健身场地',
  },
  roadClasses: {
    primary: '主干道',
    secondary: '次干道',
    residential: '街巷',
    rural: '乡村道路',
    footway: '步行道',
    path: '小径',
  },
  streams: { recyclable: '可回收物', hazardous: '有害垃圾', kitchen: '厨余垃圾', other: '其他垃圾' },
  gridKinds: { street: '街道', town: '乡镇', community: '社区', village: '村', area: '片区', point: '点位' },
  kioskKinds: { kiosk: '收集亭', drop_point: '临时投放点' },
  issueSources: { grid_worker: '网格员上报', inspector: '监督员巡查', public: '群众反映', hotline: '热线电话' },
  renovationStatus: { planned: '计划中', in_progress: '施工中', completed: '已完成' },
  details: {
    title: '详情',
    close: '关闭详情',
    loading: '正在加载详情…',
    empty: '点击地图上的网格、问题、小区或设施查看详情。',
    code: '网格编码',
    level: '层级',
    path: '所属',
    leader: '负责人',
    persons: '责任人',
    unit: '责任单位',
    households: '户数',
    population: '人口',
    stats: '网格概况',
    phone: '电话',
    none: '无',
    yes: '是',
    no: '否',
  },
  stats: {
    children: '下级网格',
    buildings: '建筑',
    compounds: '小区',
    kiosks: '收集亭',
    dropPoints: '投放点',
    facilities: '设施',
    openIssues: '在办问题',
    overdueIssues: '超期问题',
    issuesLast30Days: '近30天上报',
  },
  issue: {
    title: '问题点位',
    category: '问题类别',
    status: '状态',
    description: '问题描述',
    source: '来源',
    reportedAt: '上报时间',
    deadlineAt: '处置时限',
    closedAt: '结案时间',
    overdue: '是否超期',
    grid: '所属网格',
    caseNo: '编号 {id}',
  },
  compound: {
    title: '小区',
    property: '物业管理',
    noProperty: '无物业',
    old: '老旧小区',
    builtYear: '建成年份',
    buildingCount: '楼栋数',
    households: '户数',
    pilot: '垃圾分类试点',
    renovation: '整治计划',
    renovationValue: '{year} 年 · {status}',
  },
  kiosk: {
    kind: '类型',
    streams: '分类',
    supervisor: '督导员',
    openHours: '开放时间',
  },
  facility: { kind: '类型', setting: '设置类型' },
  patrol: { title: '巡查轨迹', worker: '网格员', startedAt: '开始', endedAt: '结束', length: '里程' },
  coverage: coverageMessages.zh,

  cases: casesMessages.zh,
  auth: authMessages.zh,
  topology: topologyMessages.zh,
  compounds: compoundsMessages.zh,
  siting: sitingMessages.zh,
  whatif: whatifMessages.zh,
  patrolView: patrolMessages.zh,
  // issue 7 · progress (civmap)
  civProgress: civProgressMessages.zh,
  ledgers: ledgersMessages.zh,
  screens: shellMessages.zh,
  wall: wallMessages.zh,
  drill: drillMessages.zh,
  hotspots: hotspotsMessages.zh,
  civ: civMessages.zh,
  mobile: mobileMessages.zh,
  // issue 7 · inspections (inspect)
  inspections: inspectionsMessages.zh,
  planner: plannerMessages.zh,
  boundaries: boundariesMessages.zh,
}

export default zhCN
