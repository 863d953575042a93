/** Test credentials of the compatibility project (made up; shaped like 0Bit's). */
export const SECRET_KEY = 'sk_sandbox_Cm9Pt4TbL3vQ8xZr2Wn5Yk7H';
export const PUBLISHABLE_KEY = 'pk_sandbox_Qa2Zs8Lm4Nv6Xc1Bd5Fg7Hj9';
export const WEBHOOK_SECRET = `whsec_${Buffer.from('compat project webhook secret 32b').toString('base64')}`;
