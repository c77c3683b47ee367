/**
 * Exercise 07 "task-validation" — .practice/exercises/07-task-validation.md
 *
 * The shapes of tasks on the wire: validation, TypeScript types and the OpenAPI document.
 * The response shapes (`TaskSchema`, `TaskPageSchema`) are done. The request schemas below have
 * the right fields, types and upper bounds (maxLength, maxItems: what keeps a megabyte out and
 * the OpenAPI document bounded) but none of the rules yet: no minimum lengths, no formats, no
 * patterns, and unknown fields slip through. Add them (TypeBox options are JSON Schema
 * keywords), and keep every exported name.
 *
 * Until then the request schemas say so in the OpenAPI document (`/docs`), and input that only
 * the database refuses reaches it: the tests show which.
 */
import { type Static, Type } from 'typebox';
import { PageQuerySchema, pageOf } from '../http/pagination-schemas.js';
import { DateTimeSchema, UuidSchema } from '../http/schemas.js';

const UNFINISHED =
  'Exercise 07 "task-validation" is not done yet: these fields have types and upper bounds but no rules (src/tasks/tasks-schemas.ts).';

const TaskStatusSchema = Type.Union([Type.Literal('todo'), Type.Literal('in_progress'), Type.Literal('done')]);

/** `YYYY-MM-DD` — for now any string of up to 10 characters. */
const DateSchema = Type.String({ maxLength: 10, examples: ['2030-01-31'] });

/** Stored trimmed and lowercase, so `Home` and ` home` are one tag — for now any string of up to 30 characters. */
const TagSchema = Type.String({ maxLength: 30 });

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

export const CreateTaskBodySchema = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
    status: Type.Optional(TaskStatusSchema),
    dueDate: Type.Optional(Type.Union([DateSchema, Type.Null()])),
    tags: Type.Optional(Type.Array(TagSchema, { maxItems: 20 })),
  },
  { description: UNFINISHED },
);
export type CreateTaskBody = Static<typeof CreateTaskBodySchema>;

/** Every field optional; `null` clears `description` and `dueDate`; `tags` replaces the set. */
export const UpdateTaskBodySchema = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
    status: Type.Optional(TaskStatusSchema),
    dueDate: Type.Optional(Type.Union([DateSchema, Type.Null()])),
    tags: Type.Optional(Type.Array(TagSchema, { maxItems: 20 })),
  },
  { description: UNFINISHED },
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
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to find in title or description' })),
    dueBefore: Type.Optional({ ...DateSchema, description: 'Only tasks due strictly before this date' }),
    sort: TaskSortSchema,
    ...PageQuerySchema.properties,
  },
  { description: UNFINISHED },
);
export type TaskListQuery = Static<typeof TaskListQuerySchema>;

export const TaskPageSchema = pageOf(TaskSchema);
