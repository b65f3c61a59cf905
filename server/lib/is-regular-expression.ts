// Config validation helper: whether a string compiles as a JavaScript regular expression.

export function isRegularExpression(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
