/** Exhaustiveness check for discriminated unions: a new variant that a switch forgets becomes a compile error. */
export function assertNever(value: never, context = 'value'): never {
  throw new Error(`Unexpected ${context}: ${JSON.stringify(value)}`);
}
