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
/** English — second language. Must have exactly the keys of zh-CN.ts (checked by a unit test). */
import * as casesMessages from '../features/cases/messages'
import * as topologyMessages from '../features/topology/messages'
import * as compoundsMessages from '../features/compounds/messages'
import * as coverageMessages from '../features/coverage/messages'
import * as patrolMessages from '../features/patrol/messages'
// issue 7 · progress (civmap)
import * as civProgressMessages from '../features/civprogress/messages'
import * as ledgersMessages from '../features/ledgers/messages'
import type { Messages } from './messages'
import * as authMessages from '../features/auth/messages'

const en: Messages = {
  app: {
    name: 'Gridsight',
    product: 'gridsight',
    tagline: 'One map for grid management',
    loading: 'Loading…',
    loadingLayer: 'Loading: {layer}',
    retry: 'Retry',
    retryAll: 'Retry all',
    moreFailures: '{n} more failed to load',
    dismiss: 'Dismiss',
    apiDown: 'Cannot reach the server; map data is unavailable.',
    loadFailed: 'Could not load {what}: {message}',
    districtFallback: 'Demo district',
    mapError: 'Map rendering error: {message}',
    noWebgl: 'This browser could not create a WebGL map: {message}',
  },
  topbar: {
    level: 'Grid level',
    coverage: 'Waste-sorting coverage',
    switchLanguage: '中文',
    languageTitle: 'Switch to the Chinese interface',
    zoomToDistrict: 'Whole district',
  },
  levels: { '0': 'Street / town', '1': 'Community / village', '2': 'Area', '3': 'Point' },
  layers: {
    title: 'Layers',
    thematic: 'Operations',
    basemap: 'Basemap',
    grids: 'Grids',
    issues: 'Issues',
    kiosks: 'Collection kiosks',
    dropPoints: 'Drop points',
    facilities: 'Facilities',
    compounds: 'Compounds',
    patrols: 'Patrol tracks',
    // issue 7 · progress (civmap)
    civStatus: 'Civilised compounds',
    renovation: 'Old-compound renovation',
    buildings: 'Buildings',
    roads: 'Roads',
    water: 'Water',
    green: 'Green and farmland',
    collapse: 'Collapse the layer panel',
    expand: 'Expand the layer panel',
    issueCount: '{n} in total',
    issueFilter: 'Show',
    issueFilters: { all: 'All', open: 'Open', overdue: 'Overdue' },
  },
  legend: {
    clusterNone: 'Cluster, none overdue',
    clusterRange: 'Cluster, {from}–{to} overdue',
    clusterFrom: 'Cluster, ≥{from} overdue',
    kiosk: 'Kiosk',
    dropPoint: 'Drop point',
    compound: 'Compound',
    oldCompound: 'Old compound',
    patrol: 'Grid worker patrol',
    building: 'Building',
    water: 'Rivers, lakes, ponds',
    noData: 'No data',
  },
  issueStatus: { open: 'Open', overdue: 'Overdue', closed: 'Closed' },
  facilityKinds: {
    practice_station: 'Civilisation practice station',
    volunteer_station: 'Volunteer station',
    activity_room: 'Activity room',
    publicity_board: 'Publicity board',
    market: 'Market',
    school: 'School',
    police_post: 'Police post',
    other: 'Other facility',
  },
  practiceSetting: { village: 'Village', residential: 'Residential' },
  greenKinds: {
    farmland: 'Farmland',
    forest: 'Forest',
    park: 'Park',
    square: 'Square',
    compound_green: 'Compound green',
    fitness: 'Fitness area',
  },
  roadClasses: {
    primary: 'Primary road',
    secondary: 'Secondary road',
    residential: 'Street',
    rural: 'Rural road',
    footway: 'Footway',
    path: 'Path',
  },
  streams: { recyclable: 'Recyclable', hazardous: 'Hazardous', kitchen: 'Kitchen', other: 'Other' },
  gridKinds: { street: 'Street', town: 'Town', community: 'Community', village: 'Village', area: 'Area', point: 'Point' },
  kioskKinds: { kiosk: 'Collection kiosk', drop_point: 'Drop point' },
  issueSources: { grid_worker: 'Grid worker', inspector: 'Inspector', public: 'Public', hotline: 'Hotline' },
  renovationStatus: { planned: 'Planned', in_progress: 'In progress', completed: 'Completed' },
  details: {
    title: 'Details',
    close: 'Close details',
    loading: 'Loading details…',
    empty: 'Click a grid, issue, compound or facility on the map to see its details.',
    code: 'Grid code',
    level: 'Level',
    path: 'Within',
    leader: 'In charge',
    persons: 'Responsible persons',
    unit: 'Responsible unit',
    households: 'Households',
    population: 'Population',
    stats: 'Overview',
    phone: 'Phone',
    none: 'None',
    yes: 'Yes',
    no: 'No',
  },
  stats: {
    children: 'Sub-grids',
    buildings: 'Buildings',
    compounds: 'Compounds',
    kiosks: 'Kiosks',
    dropPoints: 'Drop points',
    facilities: 'Facilities',
    openIssues: 'Open issues',
    overdueIssues: 'Overdue',
    issuesLast30Days: 'Reported, 30 days',
  },
  issue: {
    title: 'Issue',
    category: 'Category',
    status: 'Status',
    description: 'Description',
    source: 'Source',
    reportedAt: 'Reported',
    deadlineAt: 'Deadline',
    closedAt: 'Closed',
    overdue: 'Overdue',
    grid: 'Grid',
    caseNo: 'No. {id}',
  },
  compound: {
    title: 'Compound',
    property: 'Property management',
    noProperty: 'None',
    old: 'Old compound',
    builtYear: 'Built',
    buildingCount: 'Buildings',
    households: 'Households',
    pilot: 'Waste-sorting pilot',
    renovation: 'Renovation',
    renovationValue: '{year} · {status}',
  },
  kiosk: {
    kind: 'Kind',
    streams: 'Streams',
    supervisor: 'Supervisor',
    openHours: 'Open hours',
  },
  facility: { kind: 'Kind', setting: 'Setting' },
  patrol: { title: 'Patrol track', worker: 'Grid worker', startedAt: 'Started', endedAt: 'Ended', length: 'Length' },
  coverage: coverageMessages.en,

  cases: casesMessages.en,
  auth: authMessages.en,
  topology: topologyMessages.en,
  compounds: compoundsMessages.en,
  siting: sitingMessages.en,
  whatif: whatifMessages.en,
  patrolView: patrolMessages.en,
  // issue 7 · progress (civmap)
  civProgress: civProgressMessages.en,
  ledgers: ledgersMessages.en,
  screens: shellMessages.en,
  wall: wallMessages.en,
  drill: drillMessages.en,
  hotspots: hotspotsMessages.en,
  civ: civMessages.en,
  mobile: mobileMessages.en,
  // issue 7 · inspections (inspect)
  inspections: inspectionsMessages.en,
  planner: plannerMessages.en,
  boundaries: boundariesMessages.en,
}

export default en
