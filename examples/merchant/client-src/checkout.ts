/**
 * The shop's checkout page script. It knows only the publishable key (compiled in) and,
 * per checkout, the session-scoped client secret the server returns. The secret stays in
 * memory: it is never stored, logged or put in a URL.
 */
import { CLIENT_PUBLISHABLE_KEY } from '../publishable-key.js';

interface CreatedSession {
  sessionId: string;
  clientSecret: string;
  publishableKey: string;
}

interface SessionStatus {
  sessionId: string;
  status: string;
  fulfilled: boolean;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function show(message: string): void {
  $('status').textContent = message;
}

/** One key per checkout attempt, reused if the same attempt is retried after a network error. */
let attemptKey: string | undefined;

async function createSession(amount: number, currency: string): Promise<CreatedSession> {
  attemptKey ??= crypto.randomUUID();
  const res = await fetch('/api/checkout/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': attemptKey },
    body: JSON.stringify({ amount, currency, returnUrl: `${location.origin}/checkout/return` }),
  });
  if (!res.ok) throw new Error(`checkout failed (${res.status})`);
  attemptKey = undefined;
  return (await res.json()) as CreatedSession;
}

/** The paid state comes from the server, which learned it from a verified webhook. */
async function waitForOutcome(sessionId: string): Promise<SessionStatus> {
  for (;;) {
    const res = await fetch(`/api/checkout/sessions/${encodeURIComponent(sessionId)}`);
    const status = (await res.json()) as SessionStatus;
    if (status.status !== 'open') return status;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

async function onPay(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const amount = Number(new FormData(form).get('amount'));
  try {
    show('Creating a checkout session…');
    const session = await createSession(amount, 'EUR');
    if (session.publishableKey !== CLIENT_PUBLISHABLE_KEY) throw new Error('the server and this page use different 0Bit accounts');
    mountPayment(session);
    const outcome = await waitForOutcome(session.sessionId);
    show(outcome.fulfilled ? `Paid: order for ${outcome.sessionId} is fulfilled.` : `Payment ${outcome.status}.`);
  } catch (error) {
    show(error instanceof Error ? error.message : 'checkout failed');
  }
}

/** Where 0Bit's payment element would mount with the publishable key and client secret. */
function mountPayment(session: CreatedSession): void {
  const element = $('payment');
  element.dataset.publishableKey = CLIENT_PUBLISHABLE_KEY;
  element.textContent = `Session ${session.sessionId} is open: complete it in the 0Bit sandbox.`;
  show('Waiting for 0Bit to confirm the payment…');
}

async function onReturn(): Promise<void> {
  const sessionId = new URLSearchParams(location.search).get('session');
  if (!sessionId) return;
  show('Checking the payment…');
  const outcome = await waitForOutcome(sessionId);
  show(outcome.fulfilled ? 'Paid: your order is confirmed.' : `Payment ${outcome.status}.`);
}

$<HTMLFormElement>('checkout').addEventListener('submit', (event) => void onPay(event));
void onReturn();
