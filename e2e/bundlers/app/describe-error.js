/** An error as the test reads it: the name a user's `catch` sees after minification. */
export function describeError(error, Class) {
  return { name: error.name, isInstance: error instanceof Class, code: error.code, message: String(error.message) };
}
