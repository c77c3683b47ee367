/** The shapes of tasks on the wire: validation, TypeScript types and the OpenAPI document. */
import { type Static, Type } from 'typebox';
import { PageQuerySchema, pageOf } from '../http/pagination-schemas.js';
import { BodyObject, DateTimeSchema, TextLine, UuidSchema } from '../http/schemas.js';

const TaskStatusSchema = Type.Union([Type.Literal('todo'), Type.Literal('in_progress'), Type.Literal('done')]);

/** `YYYY-MM-DD`. Year 0000 is a valid format but not a PostgreSQL date, so it is refused here. */
const DateSchema = Type.String({ format: 'date', maxLength: 10, pattern: '^(?!0000)', examples: ['2030-01-31'] });

/**
 * A title must show something: only spaces, zero-width characters or direction overrides would
 * make a task nobody can see or read right. TextLine (http/schemas.ts) has those rules, and
 * control characters (NUL above all, which PostgreSQL cannot store) have no place in it either.
 */
const TitleSchema = TextLine({ maxLength: 200 });
const DescriptionSchema = Type.String({ maxLength: 5000, pattern: '^[^\\u0000]*$' });
/** Stored trimmed and lowercase (and in NFC, like all text), so `Home` and ` home` are one tag. */
const TagSchema = TextLine({ maxLength: 30, description: '1–30 characters; stored trimmed and lowercase' });
const TagsSchema = Type.Array(TagSchema, { maxItems: 20, description: 'At most 20; duplicates are merged' });

export const TaskSchema = Type.Object(
  {
    id: UuidSchema,
    title: Type.String({ maxLength: 200 }),
    description: Type.Union([Type.String({ maxLength: 5000 }), Type.Null()]),
    status: TaskStatusSchema,
    dueDate: Type.Union([Type.String({ format: 'date', maxLength: 10 }), Type.Null()]),
    tags: Type.Array(Type.String({ maxLength: 30 }), { maxItems: 20 }),
    createdAt: DateTimeSchema,
    updatedAt: DateTimeSchema,
  },
  { title: 'Task' },
);
export type Task = Static<typeof TaskSchema>;

export const CreateTaskBodySchema = BodyObject({
  title: TitleSchema,
  description: Type.Optional(Type.Union([DescriptionSchema, Type.Null()])),
  status: Type.Optional(TaskStatusSchema),
  dueDate: Type.Optional(Type.Union([DateSchema, Type.Null()])),
  tags: Type.Optional(TagsSchema),
});
export type CreateTaskBody = Static<typeof CreateTaskBodySchema>;

/** Every field optional; `null` clears `description` and `dueDate`; `tags` replaces the set. */
export const UpdateTaskBodySchema = BodyObject(
  {
    title: Type.Optional(TitleSchema),
    description: Type.Optional(Type.Union([DescriptionSchema, Type.Null()])),
    status: Type.Optional(TaskStatusSchema),
    dueDate: Type.Optional(Type.Union([DateSchema, Type.Null()])),
    tags: Type.Optional(TagsSchema),
  },
  { minProperties: 1 },
);
export type UpdateTaskBody = Static<typeof UpdateTaskBodySchema>;

const TaskSortSchema = Type.Union(
  [Type.Literal('-createdAt'), Type.Literal('createdAt'), Type.Literal('dueDate'), Type.Literal('-dueDate')],
  {
    default: '-createdAt',
    description: '`-` means descending. Tasks without a due date come last for `dueDate`, first for `-dueDate`.',
  },
);
export type TaskSort = Static<typeof TaskSortSchema>;

export const TaskListQuerySchema = Type.Object(
  {
    status: Type.Optional(TaskStatusSchema),
    tag: Type.Optional(TagSchema),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        // At least one letter or digit to search for, and nothing PostgreSQL cannot take (NUL).
        pattern: '^[^\\p{Cc}]*[\\p{L}\\p{N}][^\\p{Cc}]*$',
        description: 'Words to find in title or description; each matches as a prefix (`meet` finds "meeting")',
      }),
    ),
    dueBefore: Type.Optional({ ...DateSchema, description: 'Only tasks due strictly before this date' }),
    sort: TaskSortSchema,
    ...PageQuerySchema.properties,
  },
  // A misspelt filter (`?stauts=done`) is a 400, not a silently unfiltered list.
  { additionalProperties: false },
);
export type TaskListQuery = Static<typeof TaskListQuerySchema>;

export const TaskPageSchema = pageOf(TaskSchema);
