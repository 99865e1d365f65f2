// The demo catalogue, as tables (L3–L6): approval items and their handling items with the
// commitment modes each allows (告知承诺情形), supervision items and sub-items, and the linkages
// between them — one item supervised by two divisions, and one item left unlinked until the demo
// links it (L4).

/** 审批事项: [code, owning approval department, name]. */
export const approvalItems: readonly (readonly [string, string, string])[] = [
  ['SPJYXK', 'LYG-XZSPJ', '食品经营许可'],
  ['YPLSXK', 'LYG-XZSPJ', '药品零售企业经营许可'],
  ['JZSGXK', 'LYG-XZSPJ', '建筑工程施工许可'],
  ['YLJGXK', 'LYG-XZSPJ', '医疗机构执业许可'],
  ['PWXK', 'LYG-XZSPJ', '排污许可'],
  ['WHPJYXK', 'LYG-XZSPJ', '危险化学品经营许可'],
  ['TZSBDJ', 'LYG-SCJGJ', '特种设备使用登记'],
  ['HZ-SPJYXK', 'HZ-XZSPJ', '食品经营许可（海州区）'],
  ['GY-SPJYXK', 'GY-XZSPJ', '食品经营许可（赣榆区）'],
];

/** One 业务办理项 with its commitment configuration and what a case of it hands over. */
export interface HandlingItemRow {
  code: string;
  approvalItem: string;
  name: string;
  /** Commitment modes besides standard (L5). */
  modes: readonly ('deferral' | 'verification' | 'postCheck')[];
  /** Materials of a case; in verification mode these are the licences checked (电子证照). */
  materials: readonly string[];
  /** What a deferral case hands in later. */
  deferred?: readonly string[];
}

/** 业务办理项. */
export const handlingItems: readonly HandlingItemRow[] = [
  { code: 'SPJYXK-XB', approvalItem: 'SPJYXK', name: '食品经营许可（新办）', modes: ['deferral', 'verification', 'postCheck'], materials: ['营业执照', '从业人员健康证明'], deferred: ['食品安全管理制度文本'] },
  { code: 'SPJYXK-YX', approvalItem: 'SPJYXK', name: '食品经营许可（延续）', modes: ['verification', 'postCheck'], materials: ['营业执照', '食品经营许可证', '从业人员健康证明'] },
  { code: 'YPLS-XB', approvalItem: 'YPLSXK', name: '药品零售企业经营许可（新办）', modes: ['verification', 'postCheck'], materials: ['营业执照', '执业药师注册证'] },
  { code: 'JZSG-XB', approvalItem: 'JZSGXK', name: '建筑工程施工许可（新办）', modes: ['deferral', 'postCheck'], materials: ['建设工程规划许可证', '施工合同', '安全施工措施资料'], deferred: ['施工图审查合格书'] },
  { code: 'YLJG-XB', approvalItem: 'YLJGXK', name: '医疗机构执业许可（诊所新办）', modes: ['verification'], materials: ['营业执照', '医师执业证书'] },
  { code: 'PWXK-XB', approvalItem: 'PWXK', name: '排污许可（首次申请）', modes: ['deferral', 'postCheck'], materials: ['排污许可申请表', '环境影响评价批复'], deferred: ['自行监测方案'] },
  { code: 'WHP-XB', approvalItem: 'WHPJYXK', name: '危险化学品经营许可（带储存新办）', modes: ['postCheck'], materials: ['营业执照', '安全评价报告', '储存设施平面布置图'] },
  { code: 'TZSB-DJ', approvalItem: 'TZSBDJ', name: '特种设备使用登记（电梯）', modes: ['postCheck'], materials: ['特种设备使用登记表', '监督检验证书'] },
  { code: 'HZ-SPJY-XB', approvalItem: 'HZ-SPJYXK', name: '食品经营许可（海州区新办）', modes: ['deferral', 'verification', 'postCheck'], materials: ['营业执照', '从业人员健康证明'], deferred: ['食品安全管理制度文本'] },
  { code: 'GY-SPJY-XB', approvalItem: 'GY-SPJYXK', name: '食品经营许可（赣榆区新办）', modes: ['postCheck'], materials: ['营业执照', '从业人员健康证明'] },
];

/** 监管事项: [code, owning supervising department, name]. */
export const supervisionItems: readonly (readonly [string, string, string])[] = [
  ['JG-SPJY', 'LYG-SCJGJ', '食品经营监督检查'],
  ['JG-YPLT', 'LYG-SCJGJ', '药品流通监督检查'],
  ['JG-TZSB', 'LYG-SCJGJ', '特种设备安全监督检查'],
  ['JG-JZSC', 'LYG-ZJJ', '建筑市场监督检查'],
  ['JG-YLJG', 'LYG-WJW', '医疗机构执业监督检查'],
  ['JG-PWXK', 'LYG-STHJJ', '排污许可证后监管'],
  ['JG-WHP', 'LYG-YJGLJ', '危险化学品经营安全监督检查'],
  ['HZ-JG-SPJY', 'HZ-SCJGJ', '食品经营监督检查（海州区）'],
  ['GY-JG-SPJY', 'GY-SCJGJ', '食品经营监督检查（赣榆区）'],
  ['LY-JG-SPJY', 'LY-SCJGJ', '食品经营监督检查（连云区）'],
];

/** 监管子项: [code, supervision item, name]. */
export const subItems: readonly (readonly [string, string, string])[] = [
  ['JG-SPJY-HC', 'JG-SPJY', '食品经营许可告知承诺核查'],
  ['JG-YPLT-HC', 'JG-YPLT', '药品零售许可事后核查'],
  ['JG-TZSB-DT', 'JG-TZSB', '电梯使用登记核查'],
  ['JG-JZSC-SG', 'JG-JZSC', '施工许可条件核查'],
  ['JG-YLJG-ZY', 'JG-YLJG', '诊所执业条件核查'],
  ['JG-PWXK-HC', 'JG-PWXK', '排污许可事后核查'],
  ['JG-PWXK-WHP', 'JG-PWXK', '危险化学品储存环境风险检查'],
  ['JG-WHP-HC', 'JG-WHP', '危险化学品经营许可条件核查'],
  ['HZ-JG-SPJY-HC', 'HZ-JG-SPJY', '食品经营许可告知承诺核查（海州区）'],
  ['GY-JG-SPJY-HC', 'GY-JG-SPJY', '食品经营许可告知承诺核查（赣榆区）'],
  ['LY-JG-SPJY-HC', 'LY-JG-SPJY', '小餐饮经营核查（连云区）'],
];

/** 审管事项关联: [handling item, supervising department, division, sub-item]. WHP-XB has two divisions. */
export const linkages: readonly (readonly [string, string, string, string])[] = [
  ['SPJYXK-XB', 'LYG-SCJGJ', 'LYG-SCJGJ-SPJY', 'JG-SPJY-HC'],
  ['SPJYXK-YX', 'LYG-SCJGJ', 'LYG-SCJGJ-SPJY', 'JG-SPJY-HC'],
  ['YPLS-XB', 'LYG-SCJGJ', 'LYG-SCJGJ-YPLT', 'JG-YPLT-HC'],
  ['JZSG-XB', 'LYG-ZJJ', 'LYG-ZJJ-JZSC', 'JG-JZSC-SG'],
  ['YLJG-XB', 'LYG-WJW', 'LYG-WJW-YZYG', 'JG-YLJG-ZY'],
  ['PWXK-XB', 'LYG-STHJJ', 'LYG-STHJJ-PWGL', 'JG-PWXK-HC'],
  ['WHP-XB', 'LYG-YJGLJ', 'LYG-YJGLJ-WHP', 'JG-WHP-HC'],
  ['WHP-XB', 'LYG-STHJJ', 'LYG-STHJJ-PWGL', 'JG-PWXK-WHP'],
  ['TZSB-DJ', 'LYG-SCJGJ', 'LYG-SCJGJ-TZSB', 'JG-TZSB-DT'],
  ['HZ-SPJY-XB', 'HZ-SCJGJ', 'HZ-SCJGJ-SPAQ', 'HZ-JG-SPJY-HC'],
  ['GY-SPJY-XB', 'GY-SCJGJ', 'GY-SCJGJ-SPAQ', 'GY-JG-SPJY-HC'],
];

/**
 * The item each run adds without a linkage (L4: its cases wait in awaiting_linkage) and the
 * linkage the catalogue admin adds later. Its code carries the run's tag, so that every run shows
 * the wait again — an item linked by an earlier run would not wait.
 */
export const lateLinkedItem = {
  code: (runTag: string) => `SPJYXK-XCY-${runTag}`,
  approvalItem: 'SPJYXK',
  name: (runTag: string) => `小餐饮经营许可（试点批次 ${runTag}）`,
  materials: ['营业执照', '小餐饮登记申请表'],
  // A city case goes to a city division: a task's scope is its case's region (320700), which a
  // district division admin (e.g. 320703) does not cover.
  linkage: { supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPJY', subItemCode: 'JG-SPJY-HC' },
} as const;

/** The commitment text (承诺内容) of a case, by mode. */
export const commitmentTexts = {
  deferral: '申请人承诺在承诺期限内补交延期材料，逾期未补交的同意撤销审批决定并记入信用记录。',
  verification: '申请人承诺所报证照真实、有效，同意通过电子证照系统核验。',
  postCheck: '申请人承诺已具备许可条件，同意监管部门在审批后进行核查，不符合承诺的依法撤销许可。',
} as const;
