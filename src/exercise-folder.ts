/**
 * One exercise's folder, `templates/<template>/practice/NN-<id>/`, read as text: its page
 * (`README.md`, front matter then Markdown), its graduated hints (`hints.md`) and the reason the
 * reference is written as it is (`why.md`). Prose lives in Markdown a second author can edit and
 * review; track.json keeps only the order and the files. Pure: layers.ts reads the files.
 */

/** `NN-<id>`: the exercise's number (1-based, two digits) and id, its folder's and its files' name. */
export function exerciseSlug(track: { exercises: readonly { id: string }[] }, index: number): string {
  return `${String(index + 1).padStart(2, '0')}-${track.exercises[index]?.id}`;
}

/** The one-line facts about an exercise, from the front matter of its README.md. */
export const PAGE_FIELDS = ['title', 'skill', 'goal', 'built'] as const;
export type PageField = (typeof PAGE_FIELDS)[number];

export interface ExercisePage {
  fields: Partial<Record<PageField, string>>;
  /** the page without its front matter: what the learner reads as `.practice/exercises/NN-<id>.md` */
  body: string;
  problems: string[];
}

/**
 * `---`, one `key: value` line per field, `---`, then the page. A small format of our own rather
 * than YAML: four one-line strings need no parser dependency, and anything else is refused by name.
 */
export function parseExercisePage(text: string): ExercisePage {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) return { fields: {}, body: text, problems: ['README.md must start with front matter (---, title/skill/goal/built lines, ---)'] };
  const fields: Partial<Record<PageField, string>> = {};
  const problems: string[] = [];
  for (const line of (match[1] ?? '').split('\n')) {
    const field = /^([a-z]+):[ \t]*(.*)$/.exec(line);
    const key = field?.[1] as PageField | undefined;
    if (!field || !key || !PAGE_FIELDS.includes(key)) problems.push(`README.md front matter: "${line}" is not one of ${PAGE_FIELDS.join(', ')} followed by a colon`);
    else if (fields[key] !== undefined) problems.push(`README.md front matter: ${key} is given twice`);
    else fields[key] = (field[2] ?? '').trim();
  }
  return { fields, body: text.slice(match[0].length), problems };
}

/**
 * `## Hint 1`, `## Hint 2`, … each followed by its text. Returns the hints in order, each as
 * `unwrap` makes it; `problems` names text before the first heading and numbers out of order.
 */
export function parseHints(text: string): { hints: string[]; problems: string[] } {
  const parts = text.split(/^## Hint (\d+)[ \t]*$/m);
  const problems: string[] = [];
  if ((parts[0] ?? '').trim() !== '') problems.push('hints.md: text before "## Hint 1"');
  const hints: string[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const number = Number(parts[i]);
    if (number !== hints.length + 1) problems.push(`hints.md: "## Hint ${number}" where "## Hint ${hints.length + 1}" was expected`);
    hints.push(unwrap(parts[i + 1] ?? ''));
  }
  return { hints, problems };
}

/**
 * Markdown's own rule for prose: a line break inside a paragraph is a space, a blank line ends a
 * paragraph. So an author wraps hints and why texts freely and the runner prints them whole.
 */
export function unwrap(markdown: string): string {
  return markdown
    .trim()
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .join(' '),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}
