/**
 * IAM's matching of a resource pattern against an ARN: `*` is any run of characters
 * (slashes included), `?` exactly one.
 */
export function iamPatternMatches(pattern: string, arn: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(arn);
}

/** Substitutes the pseudo parameters of an `Fn::Sub` string as a deployment would. */
export function substitutePseudoParameters(value: string, pseudo: Record<string, string>): string {
  return value.replace(/\$\{(AWS::[A-Za-z]+)\}/g, (whole, name: string) => {
    const replacement = pseudo[name];
    if (replacement === undefined) throw new Error(`no value for ${whole}`);
    return replacement;
  });
}
