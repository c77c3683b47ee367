/** npm package names: the rules of validate-npm-package-name that a directory basename can break. */

const BLOCKED_NAMES = new Set(['node_modules', 'favicon.ico']);
const MAX_LENGTH = 214;

/** Why `name` is not a valid npm package name, or `undefined` when it is. */
export function packageNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_LENGTH) return `it is longer than ${MAX_LENGTH} characters`;
  if (name !== name.trim()) return 'it starts or ends with a space';
  if (/\s/.test(name)) return 'it contains spaces';
  if (name !== name.toLowerCase()) return 'it contains uppercase letters';
  if (name.startsWith('.') || name.startsWith('_')) return `it starts with "${name[0]}"`;
  if (BLOCKED_NAMES.has(name)) return `"${name}" is a reserved name`;
  if (encodeURIComponent(name) !== name) return 'it contains characters that are not URL-safe';
  if (!/^[a-z0-9~-][a-z0-9._~-]*$/.test(name)) return 'it may only contain a-z, 0-9, "-", ".", "_" and "~"';
  return undefined;
}

export function isValidPackageName(name: string): boolean {
  return packageNameProblem(name) === undefined;
}

/** A valid name close to `name`, to suggest (never to use silently). */
export function toValidPackageName(name: string): string {
  let candidate = name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/-{2,}/g, '-')
    .slice(0, MAX_LENGTH)
    .replace(/[-.]+$/, '');
  if (BLOCKED_NAMES.has(candidate)) candidate = candidate.replace(/[._]/g, '-');
  return candidate || 'my-backend';
}
