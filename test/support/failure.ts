/** The message of an assertion that must fail, without colour codes; throws if it passed. */
const plain = (error: unknown) => (error as Error).message.replace(/\u001b\[[0-9;]*m/g, '');

export async function failureOf(assertion: Promise<unknown>): Promise<string> {
  try {
    await assertion;
  } catch (error) {
    return plain(error);
  }
  throw new Error('expected the assertion to fail');
}

export function failureOfSync(assertion: () => unknown): string {
  try {
    assertion();
  } catch (error) {
    return plain(error);
  }
  throw new Error('expected the assertion to fail');
}
