// The codec sign-in page: where ops put their token into a cookie the Temporal Web UI's codec calls
// carry (the UI sends no Authorization header without its own login). Plain HTML, no script:
// the API's security headers forbid inline scripts, and a form needs none.

/** Who is signed in, as the page shows it. */
export interface SignedIn {
  sub: string;
  region: string;
  /** When the cookie (the token) expires. */
  until: Date;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Beijing time, as staff read it. */
const beijing = (instant: Date) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short', hour12: false }).format(instant);

/** The page: the current sign-in, if any, and the form. */
export function signInPage(options: { signedIn?: SignedIn; codecEndpoint: string; uiUrl: string }): string {
  const { signedIn } = options;
  const status = signedIn
    ? `<p class="ok">已登录：${escape(signedIn.sub)}（区划 ${escape(signedIn.region)}），有效至 ${escape(beijing(signedIn.until))}（北京时间）。</p>
<form method="post" action="sign-out"><button type="submit">退出</button></form>`
    : '<p>尚未登录。</p>';
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>审管联动 · 解密服务登录</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;line-height:1.6}textarea{width:100%;height:6rem}.ok{color:#0a7d32}</style></head>
<body>
<h1>解密服务登录（运维）</h1>
<p>Temporal Web UI 中的办件数据（申请人姓名、电话等）已加密保存。具有“运维人员”（ops）角色的账号登录后，
可在 Temporal Web UI 中查看本区划办件的明文；每次解密均记入审计日志。</p>
${status}
<form method="post" action="session">
<p><label for="token">访问令牌（Bearer token）</label><br><textarea id="token" name="token" required autocomplete="off"></textarea></p>
<p><button type="submit">登录</button></p>
</form>
<h2>在 Temporal Web UI 中启用</h2>
<ol>
<li>打开 <a href="${escape(options.uiUrl)}">${escape(options.uiUrl)}</a>，点击右上角的 Codec Server（数据编码器）设置。</li>
<li>Codec Server 地址填写 <code>${escape(options.codecEndpoint)}</code>，勾选 “Include cross-origin credentials”，保存。</li>
</ol>
</body>
</html>
`;
}
