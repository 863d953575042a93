/**
 * The detector corpus: true positives (each must be found, once, with its kind and exact
 * value) and true negatives, including near-misses (each must yield nothing at all).
 * Every value here is made up; card numbers are issuers' published test numbers.
 */
import type { DetectorKind } from '../../src/detect/detectors.js';

export interface Positive {
  kind: DetectorKind;
  /** The value as it appears in `text`. */
  value: string;
  text: string;
}

const tp = (kind: DetectorKind, value: string, around = (v: string) => `const x = "${v}";`): Positive => ({ kind, value, text: around(value) });
const prose = (v: string) => `Reach the customer at ${v} if needed.`;

export const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
export const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----';

export const POSITIVES: Positive[] = [
  tp('secret_key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'),
  tp('secret_key', 'sk_sandbox_51HxYzAbCdEfGhIjKlMnOp'),
  tp('secret_key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', (v) => `ZEROBIT_SECRET_KEY=${v}`),
  tp('restricted_key', 'rk_live_9aZ8bY7cX6dW5eV4fU3gT2hS'),
  tp('restricted_key', 'rk_sandbox_9aZ8bY7cX6dW5eV4fU3gT2hS'),
  tp('publishable_key', 'pk_live_TYooMQauvdEDq54NiTphI7jx'),
  tp('publishable_key', 'pk_sandbox_4mRc8QzT1vXw7LbN2pHs6KdY'),
  tp('client_secret', 'ses_Q2w3E4r5T6y7U8i9O0pAsDfG_secret_Zx1Cv2Bn3Mq4Wr5Ty6Ui7Op8'),
  tp('client_secret', 'ses_Q2w3E4r5T6y7U8i9O0pAsDfG_secret_Zx1Cv2Bn3Mq4Wr5Ty6Ui7Op8', (v) => `{"clientSecret":"${v}"}`),
  tp('webhook_secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
  tp('webhook_secret', 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD+q/3v2m4WbI=', (v) => `ZEROBIT_WEBHOOK_SECRETS=${v}`),
  tp('private_key', PEM, (v) => `key: |\n${v}\n`),
  tp('private_key', PEM.replace(/PRIVATE KEY/g, 'RSA PRIVATE KEY'), (v) => `const k = \`${v}\`;`),
  tp('private_key', PEM.replace(/\n/g, '\\n'), (v) => `{"private_key":"${v}"}`),
  tp('jwt', JWT),
  tp('jwt', JWT, (v) => `fetch(u, { headers: { authorization: 'JWT ${v}' } })`),
  tp('bearer_token', 'tok_8f3kQ2mZ9xWvR4tY7uI1oP5a', (v) => `Authorization: Bearer ${v}`),
  tp('bearer_token', 'a3f9e1c2b7d84e6f9a0b1c2d3e4f5a6b', (v) => `headers: { Authorization: "Bearer ${v}" }`),
  tp('aws_access_key', 'AKIAIOSFODNN7EXAMPLE'),
  tp('aws_access_key', 'ASIAY34FZKBOKMUTVV7A', (v) => `aws_access_key_id = ${v}`),
  tp('aws_secret_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', (v) => `aws_secret_access_key = ${v}`),
  tp('aws_secret_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', (v) => `{"AWS_SECRET_ACCESS_KEY": "${v}"}`),
  tp('email', 'jane.doe@gmail.com', prose),
  tp('email', 'a+tag@sub.example.co.uk', prose),
  tp('email', 'first_last@company.io', (v) => `"${v}"`),
  tp('phone', '+14155552671', prose),
  tp('phone', '+44 20 7946 0958', prose),
  tp('phone', '+33 6 12 34 56 78', prose),
  tp('phone', '+49 30 123456789', prose),
  tp('phone', '(415) 555-2671', prose),
  tp('phone', '415-555-2671', prose),
  tp('phone', '415.555.2671', prose),
  tp('phone', '020 7946 0958', prose),
  tp('phone', '07700 900123', prose),
  tp('phone', '06 12 34 56 78', prose),
  tp('phone', '030 12345678', prose),
  tp('card_number', '4242 4242 4242 4242', prose),
  tp('card_number', '4111-1111-1111-1111', prose),
  tp('card_number', '5555555555554444', prose),
  tp('card_number', '378282246310005', prose),
  tp('card_number', '6011111111111117', prose),
  tp('card_number', '3530111333300000', prose),
  tp('card_number', '4222222222222', prose),
  tp('card_number', '4539 1488 0343 6467', (v) => `card ${v} exp 12/28`),
  tp('iban', 'DE89 3704 0044 0532 0130 00', prose),
  tp('iban', 'GB82WEST12345698765432', prose),
  tp('iban', 'FR14 2004 1010 0505 0001 3M02 606', prose),
  tp('iban', 'NL91ABNA0417164300', (v) => `{"iban":"${v}"}`),
];

export const NEGATIVES: string[] = [
  // credential near-misses
  'const k = "sk_live_short";',
  'const k = "sk_test";',
  'task_live_abcdefghijklmnopqrstu',
  'const pk = "pk_live_";',
  'my_client_secret_rotation = true',
  'whsec_short',
  'The Bearer scheme is described in RFC 6750.',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: documentation text with a placeholder, which must not be taken for a token.
  'Authorization: Bearer ${token}',
  'const t = "eyJhbGciOiJIUzI1NiJ9";',
  'AKIA is the prefix of AWS access key ids',
  '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUb\n-----END CERTIFICATE-----',
  // ids and hashes
  'id: 123e4567-e89b-12d3-a456-426614174000',
  'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'md5 d41d8cd98f00b204e9800998ecf8427e and git 4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  'integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"',
  'session ses_9Qm2LkT81vXw7LbN2pHs6Kd and event evt_2Nf8QpR4sT6uV8wX0yZ1aB3c',
  // base64 image
  'background:url(data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)',
  'const img = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";',
  // card near-misses
  'card 4242 4242 4242 4241 (Luhn-invalid)',
  'ref 1234 5678 9012 3456',
  'created 1700000000000 ms',
  'zeros 0000 0000 0000 0000',
  'digits 42424242424242424242424',
  'hex 4242424242424242abcdef',
  'price 4242.4242',
  // IBAN near-misses
  'DE89 3704 0044 0532 0130 01',
  'GB82WEST12345698765433',
  'XX00 1234 5678 9012 3456',
  'CSS class AB12CDEF34GH56IJ',
  // email near-misses
  'src="logo@2x.png" srcset="hero@3x.webp 3x"',
  'import x from "@scope/package";',
  'user@localhost',
  'redirect to https://shop.example@evil.com/checkout/return',
  'mailto:',
  // phone near-misses
  'released 2024-01-15 at 12:30:45',
  'host 10.0.0.1 and 192.168.100.200',
  'version 1.22.333 and v12.3.4',
  'population 1 000 000',
  'fake 123-456-7890',
  'ISBN 978-3-16-148410-0',
  'order 20240115-0001',
  'ratio 0.5 0.25 1.75',
  'viewBox="0 0 24 24"',
];
