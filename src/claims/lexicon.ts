/**
 * The words a launch-confirmation claim is made of, per copy language. A region claim is
 * an availability word next to a region scope; a verification promise is a verification
 * word next to a certainty or an exact duration. Everything here is a building block the
 * detector pairs up; none of it is a country list (names come from `regions.ts`).
 */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Lexicon {
  /** "available", "supported", "now (in)", "verfügbar", "ab sofort (in)". */
  availability: RegExp;
  /** Scopes that need no region name: "worldwide", "all EU countries", "in über 100 Ländern". */
  universalScope: RegExp;
  /** Words that join region names into one list: ", ", "and", "und der". */
  listGlue: RegExp;
  /** A region name followed by one of these is an attribute ("EU sizes"), not a place. */
  attributive: RegExp;
  /** "verification", "approved", "KYC", "Freigabe". */
  verification: RegExp;
  /** Certainty no hedge softens: "guaranteed", "100 %", "no rejections". */
  absolute: RegExp;
  /** Speed words a hedge softens: "instant", "immediately", "in Sekunden". */
  speed: RegExp;
  /** Exact durations: "2 minutes", "24 Stunden", "same-day". */
  duration: RegExp;
  /** Promises that carry their own subject: "Sofortfreigabe", "everyone is approved". */
  selfContained: RegExp;
  /** "usually", "most", "in der Regel": the copy describes, it does not promise. */
  hedge: RegExp;
  /** Clauses about something other than the payment flow: shipping, returns, tax, law, support desks. */
  elsewhere: RegExp;
  /** Verification words that are about something else: e-mail or password checks, orders. */
  elsewhereVerification: RegExp;
}

/** Word boundaries that know letters beyond ASCII (`\b` does not: "über" has none before it). */
const START = '(?<![\\p{L}\\p{N}_])';
const END = '(?![\\p{L}\\p{N}_])';
const words = (...alternatives: string[]) => new RegExp(`${START}(?:${alternatives.join('|')})${END}`, 'giu');
/** Like `words`, but a trailing lookahead in an alternative may reach past the word. */
const phrases = (...alternatives: string[]) => new RegExp(`${START}(?:${alternatives.join('|')})`, 'giu');

const EN: Lexicon = {
  availability: phrases(
    `(?:available|availability|launch(?:ed|es|ing)?|supported|supports|accept(?:ed|s|ing)?|offered|enabled|usable|expand(?:ed|ing|s)?|coming(?:\\s+soon)?|arriv(?:ed|es|ing)|works|pay)${END}`,
    `roll(?:ed|ing|s)?\\s+out${END}`,
    `(?:now|went|go(?:es|ing)?|is|are)\\s+live${END}`,
    `now(?=\\s+(?:also\\s+)?(?:in|across|throughout)${END})`,
  ),
  universalScope: words(
    'world-?wide',
    'globally',
    '(?:around|across|all\\s+over)\\s+the\\s+(?:world|globe)',
    'anywhere(?:\\s+in\\s+the\\s+world)?',
    'everywhere',
    'internationally',
    '(?:EU|EEA|Europe|SEPA)-wide',
    '(?:all|every|each|any)\\s+(?:of\\s+the\\s+)?(?:[\\p{L}\\d-]+\\s+){0,2}?(?:countr(?:y|ies)|member\\s+states|states|markets|regions|territories|nations)',
    '(?:over|more\\s+than|\\d+\\s*\\+|\\d+)\\s+(?:\\d+\\s*\\+?\\s+)?(?:countries|markets|regions|territories)',
  ),
  listGlue: /^(?:\s*(?:,|\/|&|and|or|as\s+well\s+as|plus|the)\s*)+$/iu,
  attributive: new RegExp(`^[\\s-]*(?:sizes?|sizing|plugs?|versions?|editions?|formats?|standards?|layouts?|keyboards?|measurements?|adapters?)${END}`, 'iu'),
  verification: words(
    'verif(?:y|ies|ied|ying|ication|ications)',
    'KYC',
    'KYB',
    'approv(?:al|als|e|ed|es)',
    '(?:identity|ID)\\s+(?:checks?|verification)',
    'onboarding',
    'account\\s+activation',
  ),
  absolute: words(
    'guarantee(?:d|s)?',
    '100\\s?%',
    'assured',
    'no\\s+(?:rejections?|refusals?|declines?)',
    'never\\s+(?:rejected|declined|refused)',
    'always(?=\\s+(?:get\\s+)?(?:approved|verified|accepted))',
    'automatically(?=\\s+(?:approved|verified|accepted))',
  ),
  speed: words('instant(?:ly|aneous(?:ly)?)?', 'immediate(?:ly)?', '(?:in|within)\\s+(?:seconds|minutes|no\\s+time)', 'right\\s+away', 'on\\s+the\\s+spot'),
  duration: words(
    '(?:\\d+(?:[.,]\\d+)?|one|two|three|four|five|ten|fifteen|twenty|thirty|sixty|a\\s+few|a\\s+couple\\s+of)\\s*(?:-\\s*|\\s+)?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|business\\s+days?|working\\s+days?|days?)',
    'same[-\\s]day',
    'next[-\\s]day',
  ),
  selfContained: words('(?:everyone|every\\s+(?:applicant|application|customer))\\s+(?:is|gets|will\\s+be)\\s+(?:approved|verified|accepted)'),
  hedge: words(
    'usually',
    'typically',
    'normally',
    'generally',
    'often',
    'most',
    'may',
    'might',
    'could',
    'up\\s+to',
    'aim',
    'expect',
    'estimated?',
    'approximately',
    'about',
    'around',
    'roughly',
    'some',
  ),
  elsewhere: words(
    'ship(?:s|ped|ping|ment|ments)?',
    'deliver(?:s|ed|y|ies|ing)?',
    'dispatch(?:ed|es)?',
    'courier',
    'parcels?',
    'postage',
    'returns?',
    'returned',
    'refunds?',
    'refunded',
    'VAT',
    'tax(?:es)?',
    'customs',
    'duties',
    'jurisdiction',
    'governing\\s+law',
    'courts?',
    'customer\\s+(?:service|support|care)',
    'support\\s+team',
    'hotline',
    'opening\\s+hours',
  ),
  elsewhereVerification: words('e-?mail(?:\\s+address)?', 'password', 'phone\\s+number', 'orders?', 'newsletter'),
};

const DE: Lexicon = {
  availability: phrases(
    `(?:verfügbar\\p{L}*|Verfügbarkeit|erhältlich|unterstützt|freigeschaltet|gestartet|startet|starten|nutzbar|angeboten|akzeptier\\p{L}*|bezahlen|live)${END}`,
    `(?:jetzt|ab\\s+sofort|bald|nun|demnächst)(?=\\s+(?:auch\\s+)?(?:in|im|innerhalb)${END})`,
  ),
  universalScope: words(
    'weltweit',
    'global',
    'international',
    'überall(?:\\s+auf\\s+der\\s+Welt)?',
    '(?:EU|EWR|SEPA|europa)-?weit',
    'in\\s+(?:ganz|der\\s+ganzen|der\\s+gesamten)\\s+(?:EU|Europa|Welt|Eurozone)',
    '(?:allen|sämtlichen|jedem|jeder)\\s+(?:[\\p{L}\\d]+[\\s-]+){0,2}?(?:Ländern|Land|Staaten|Staat|Mitgliedstaaten|Mitgliedsstaaten|Mitgliedsländern|Märkten|Regionen)',
    '(?:über|mehr\\s+als|\\d+\\s*\\+|\\d+)\\s+(?:\\d+\\s*\\+?\\s+)?(?:Ländern|Länder|Märkten|Staaten)',
  ),
  listGlue: /^(?:\s*(?:,|\/|&|und|oder|sowie|der|den|die|dem)\s*)+$/iu,
  attributive: new RegExp(`^[\\s-]*(?:Größen?|Grössen?|Stecker|Versionen?|Ausgaben?|Formate?|Normen?|Tastatur\\p{L}*|Maße)${END}`, 'iu'),
  verification: words(
    'verifizier\\p{L}*',
    'Verifizierung\\p{L}*',
    'Verifikation\\p{L}*',
    'KYC',
    'KYB',
    'Identitätsprüfung\\p{L}*',
    'Identifizierung\\p{L}*',
    'Identitätsnachweis\\p{L}*',
    'Legitimation\\p{L}*',
    'Legitimierung',
    'freigeschaltet',
    'freigegeben',
    'Freigabe\\p{L}*',
    'Freischaltung\\p{L}*',
    'genehmigt',
    'Genehmigung\\p{L}*',
    'Kontoeröffnung',
    'Onboarding',
  ),
  absolute: words(
    'garantiert\\p{L}*',
    'Garantie',
    'mit\\s+Sicherheit',
    '100\\s?%',
    'ausnahmslos',
    'ohne\\s+Ablehnung',
    'immer(?=\\s+(?:freigegeben|verifiziert|genehmigt|akzeptiert))',
  ),
  speed: words('(?<!ab\\s)sofort(?:ig\\p{L}*)?', 'umgehend', 'unverzüglich', 'blitzschnell', 'in\\s+(?:Sekunden|Minuten)(?:schnelle)?'),
  duration: words(
    '(?:\\d+(?:[.,]\\d+)?|einer|einem|eins|zwei|drei|vier|fünf|zehn|fünfzehn|zwanzig|dreißig|wenigen)\\s*(?:-\\s*|\\s+)?(?:Sekunden?|Minuten?|Stunden?|Werktagen?|Arbeitstagen?|Tagen?|Tag)',
  ),
  selfContained: words('Sofort-?(?:freigabe|verifizierung|identifizierung|genehmigung|freischaltung)'),
  hedge: words(
    'meist(?:ens)?',
    'in\\s+der\\s+Regel',
    'normalerweise',
    'üblicherweise',
    'oft',
    'häufig',
    'könnte',
    'bis\\s+zu',
    'etwa',
    'ca\\.?',
    'circa',
    'voraussichtlich',
    'rund',
    'manche',
    'einige',
  ),
  // German compounds carry the topic anywhere in the word (Expressversand, Rücksendekosten): no word boundaries.
  elsewhere:
    /versand|versend|verschick|liefer|zustell|paket|porto|rücksend|rückgabe|retour|widerruf|erstatt|umtausch|mwst|mehrwertsteuer|umsatzsteuer|steuer|zoll|gerichtsstand|kundenservice|kundendienst|hotline|öffnungszeit/iu,
  elsewhereVerification: words('E-?Mail\\p{L}*', 'Passwort', 'Telefonnummer', 'Bestellung\\p{L}*', 'Newsletter'),
};

export const LEXICONS: Readonly<Record<Language, Lexicon>> = { en: EN, de: DE };

/** What to write instead, per finding kind and copy language. */
export const SUGGESTIONS = {
  region_claim: {
    en: 'do not promise where the flow is offered: show it only when the capability response enables the payer’s region, and say e.g. “Payment options depend on your country; you will see yours at checkout.”',
    de: 'keine festen Länderzusagen: den Ablauf nur zeigen, wenn die Capability-Antwort die Region des Zahlers freigibt, und z. B. schreiben „Welche Zahlungsarten Sie nutzen können, hängt von Ihrem Land ab; Sie sehen sie an der Kasse.“',
  },
  verification_promise: {
    en: 'describe the process, not the outcome: e.g. “We will ask you to verify your identity. Most checks finish quickly; some need a manual review.”',
    de: 'den Ablauf beschreiben, nicht das Ergebnis: z. B. „Wir bitten Sie, Ihre Identität zu bestätigen. Die meisten Prüfungen sind schnell abgeschlossen; manche brauchen eine manuelle Prüfung.“',
  },
  country_allowlist: {
    en: 'decide whether to show the checkout from the capability response (regions[code].enabled, fetched at runtime through your server), not from region codes compiled into the bundle',
  },
} as const;
