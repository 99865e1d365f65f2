// `npm run token -- --sub 张三 --roles approval_officer --region 320700 --dept LYG-SCJGJ`:
// prints a bearer token signed with JWT_SECRET (or npm start's local secret in SHENGUAN_DATA_DIR),
// living --ttl (8h by default, at most TOKEN_MAX_LIFETIME).
import { parseArgs } from 'node:util';
import { roles, type Role } from '../domain/access.js';
import { mintLocalToken } from './lib/token-config.js';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    roles: { type: 'string' },
    region: { type: 'string' },
    dept: { type: 'string' },
    division: { type: 'string' },
    level: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  },
});
const wanted = (values.roles ?? '').split(',').filter(Boolean);
const unknown = wanted.filter((r) => !(roles as readonly string[]).includes(r));
if (!values.sub || !values.region || wanted.length === 0 || unknown.length > 0) {
  console.error(`usage: npm run token -- --sub ID --roles ROLE[,ROLE] --region CODE [--dept D] [--division V] [--level 1-3] [--ttl 8h]
roles: ${roles.join(', ')}${unknown.length ? `\nunknown roles: ${unknown.join(', ')}` : ''}`);
  process.exit(2);
}
console.log(
  await mintLocalToken(
    {
      sub: values.sub,
      roles: wanted as Role[],
      region: values.region,
      ...(values.dept ? { dept: values.dept } : {}),
      ...(values.division ? { division: values.division } : {}),
      ...(values.level ? { level: Number(values.level) } : {}),
    },
    values.ttl,
  ),
);
