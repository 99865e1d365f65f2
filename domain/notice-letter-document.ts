// The printable notice letter (告知函, Dongli 四 2): a complete Chinese HTML document, laid out after
// the official document format (GB/T 9704-2012: number under the title, addressee, body, issuing
// office and date at the foot). Every text is escaped. No applicant's name or phone appears: a case
// is named by its number and handling item only.

/** What the document shows. */
export interface LetterDocument {
  number: string;
  issuingOffice: string;
  deptName: string;
  /** YYYY-MM-DD (Asia/Shanghai). */
  issuedOn: string;
  /** The last day (YYYY-MM-DD) the rectification report is due by, at its end. */
  dueOn: string;
  workingDays: number;
  note: string;
  findings: { description: string; caseNo: string | null; foundOn: string }[];
  cases: { caseNo: string; handlingItem: string; approvalDeptName: string }[];
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A date as a letter writes it: 2026年12月2日. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Paragraph breaks kept: each line of a text its own paragraph. */
const paragraphs = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => `<p class="body">${escape(line)}</p>`)
    .join('\n');

/** The whole document. */
export function letterDocument(doc: LetterDocument): string {
  const findings = doc.findings
    .map((f) => `<li>${escape(f.description)}${f.caseNo ? `（涉及办件：${escape(f.caseNo)}）` : ''}<span class="when">（发现日期：${escape(chineseDate(f.foundOn))}）</span></li>`)
    .join('\n');
  const cases =
    doc.cases.length === 0
      ? '<p class="body">本次抽查发现的问题不涉及具体办件。</p>'
      : `<table>
<thead><tr><th>序号</th><th>办件编号</th><th>办理事项</th><th>审批部门</th></tr></thead>
<tbody>
${doc.cases.map((c, i) => `<tr><td>${i + 1}</td><td>${escape(c.caseNo)}</td><td>${escape(c.handlingItem)}</td><td>${escape(c.approvalDeptName)}</td></tr>`).join('\n')}
</tbody>
</table>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>告知函 ${escape(doc.number)}</title>
<style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "FangSong", "仿宋", "STFangsong", serif; font-size: 16pt; line-height: 1.8; color: #000; max-width: 156mm; margin: 2rem auto; }
h1 { font-family: "SimSun", "宋体", "STSong", serif; font-size: 22pt; text-align: center; margin: 0 0 .5em; letter-spacing: .3em; }
.number { text-align: center; margin: 0 0 1.5em; }
.addressee { margin: 0; }
.body { text-indent: 2em; margin: 0; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; font-weight: normal; margin: .5em 0 0; text-indent: 2em; }
ol { margin: 0; padding-left: 4em; }
.when { font-size: 12pt; }
table { width: 100%; border-collapse: collapse; font-size: 12pt; margin: .5em 0; }
th, td { border: 1px solid #000; padding: .2em .4em; text-align: left; }
.signature { text-align: right; margin-top: 3em; }
@media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>告知函</h1>
<p class="number">${escape(doc.number)}</p>
<p class="addressee">${escape(doc.deptName)}：</p>
<p class="body">根据审管联动工作考核要求，我办对你单位通过审管联动系统开展审批与监管信息交互的情况进行了随机抽查。现将抽查发现的问题告知如下：</p>
<h2>一、发现的问题</h2>
<ol>
${findings}
</ol>
<h2>二、涉及的办件</h2>
${cases}
<h2>三、整改要求</h2>
<p class="body">请你单位对上述问题认真核查整改，并于本函印发之日起${doc.workingDays}个工作日内（即${escape(chineseDate(doc.dueOn))}前）通过审管联动系统签收本函并报送整改情况。本函及整改情况纳入年度审管联动工作考核。</p>
${doc.note.trim() === '' ? '' : `<h2>四、其他事项</h2>\n${paragraphs(doc.note)}`}
<p class="signature">${escape(doc.issuingOffice)}<br>${escape(chineseDate(doc.issuedOn))}</p>
</body>
</html>
`;
}
