// The demo region, as tables: Lianyungang (320700) with three of its districts, its approval
// departments (行政审批局) and supervising departments, their divisions (处室) with their
// 处室管理员, coordinators at levels 1–3 (D 二), approval officers, an auditor and a catalogue
// admin (编办). Names are realistic; people and phones are invented.

/** Regions: [code, name, parent]. */
export const regions: readonly (readonly [string, string, string | undefined])[] = [
  ['320000', '江苏省', undefined],
  ['320700', '连云港市', '320000'],
  ['320703', '连云区', '320700'],
  ['320706', '海州区', '320700'],
  ['320707', '赣榆区', '320700'],
];

/** Departments: [code, region, name, side] — approval side (审批), supervision side (监管) or both. */
export const departments: readonly (readonly [string, string, string, 'approval' | 'supervision' | 'both'])[] = [
  ['LYG-XZSPJ', '320700', '连云港市行政审批局', 'approval'],
  ['LYG-SCJGJ', '320700', '连云港市市场监督管理局', 'both'],
  ['LYG-ZJJ', '320700', '连云港市住房和城乡建设局', 'supervision'],
  ['LYG-WJW', '320700', '连云港市卫生健康委员会', 'supervision'],
  ['LYG-STHJJ', '320700', '连云港市生态环境局', 'supervision'],
  ['LYG-YJGLJ', '320700', '连云港市应急管理局', 'supervision'],
  ['HZ-XZSPJ', '320706', '连云港市海州区行政审批局', 'approval'],
  ['HZ-SCJGJ', '320706', '连云港市海州区市场监督管理局', 'supervision'],
  ['GY-XZSPJ', '320707', '连云港市赣榆区行政审批局', 'approval'],
  ['GY-SCJGJ', '320707', '连云港市赣榆区市场监督管理局', 'supervision'],
  ['LY-SCJGJ', '320703', '连云港市连云区市场监督管理局', 'supervision'],
];

/** Divisions of supervising departments with their 处室管理员: [code, dept, name, admin's name]. */
export const divisions: readonly (readonly [string, string, string, string])[] = [
  ['LYG-SCJGJ-SPJY', 'LYG-SCJGJ', '食品经营安全监督管理处', '王敏'],
  ['LYG-SCJGJ-TZSB', 'LYG-SCJGJ', '特种设备安全监察处', '陈立军'],
  ['LYG-SCJGJ-YPLT', 'LYG-SCJGJ', '药品流通监督管理处', '刘晓燕'],
  ['LYG-ZJJ-JZSC', 'LYG-ZJJ', '建筑市场监管处', '赵建华'],
  ['LYG-WJW-YZYG', 'LYG-WJW', '医政医管处', '孙丽'],
  ['LYG-STHJJ-PWGL', 'LYG-STHJJ', '环境影响评价与排放管理处', '周海涛'],
  ['LYG-YJGLJ-WHP', 'LYG-YJGLJ', '危险化学品安全监督管理处', '吴刚'],
  ['HZ-SCJGJ-SPAQ', 'HZ-SCJGJ', '食品安全监督管理科', '郑红'],
  ['GY-SCJGJ-SPAQ', 'GY-SCJGJ', '食品安全监督管理科', '冯志强'],
  ['LY-SCJGJ-SPAQ', 'LY-SCJGJ', '食品安全监督管理科', '何静'],
];

/** 审管协调员 of every department: [dept, level 1 (调度), level 2 (事项负责人), level 3 (分管领导)]. */
export const coordinators: readonly (readonly [string, string, string, string])[] = [
  ['LYG-XZSPJ', '许文博', '韩雪', '曹国庆'],
  ['LYG-SCJGJ', '杨帆', '朱婷', '秦建国'],
  ['LYG-ZJJ', '马骏', '胡蓉', '林志远'],
  ['LYG-WJW', '高洁', '罗明', '梁振华'],
  ['LYG-STHJJ', '宋佳', '唐磊', '邓卫东'],
  ['LYG-YJGLJ', '袁超', '蒋敏', '沈国强'],
  ['HZ-XZSPJ', '彭丽', '吕浩', '苏建平'],
  ['HZ-SCJGJ', '卢晶', '丁宁', '魏长青'],
  ['GY-XZSPJ', '任杰', '姜玲', '范永胜'],
  ['GY-SCJGJ', '方圆', '石磊', '谭德明'],
  ['LY-SCJGJ', '廖芳', '邹平', '熊卫国'],
];

/** Approval officers (审批窗口) of the departments that approve: [dept, name]. */
export const officers: readonly (readonly [string, string])[] = [
  ['LYG-XZSPJ', '金晓峰'],
  ['LYG-SCJGJ', '陆佳怡'],
  ['HZ-XZSPJ', '夏雨'],
  ['GY-XZSPJ', '顾晨'],
];

/** Who else acts in the demo. */
export const staff = {
  /** The approval platform's service account: it starts every case (办件推送). */
  platform: { id: 'svc:approval-platform', name: '政务服务一体化平台', region: '320700' },
  /** 政务办 assessment staff (D 四): reads everything in the city. */
  auditor: { id: 'lyg-zwb-auditor', name: '蔡晓东（市政务办考核组）', region: '320700' },
  /** 编办 (L3, L4): keeps the catalogue and links unlinked items. */
  catalogueAdmin: { id: 'lyg-bianban', name: '黄蕾（市委编办）', region: '320700' },
} as const;

/** Person ids, derived from codes so that the tables above stay readable. */
export const personId = {
  divisionAdmin: (division: string) => `${division.toLowerCase()}-admin`,
  coordinator: (dept: string, level: number) => `${dept.toLowerCase()}-coord-${level}`,
  officer: (dept: string) => `${dept.toLowerCase()}-officer`,
  policyAdmin: (region: string) => `policy-admin-${region}`,
};

/** The region of a department. */
export function regionOfDept(dept: string): string {
  const row = departments.find(([code]) => code === dept);
  if (!row) throw new Error(`unknown demo department ${dept}`);
  return row[1];
}

/** The department of a division. */
export function deptOfDivision(division: string): string {
  const row = divisions.find(([code]) => code === division);
  if (!row) throw new Error(`unknown demo division ${division}`);
  return row[1];
}
