/**
 * Exercise 07 "task-validation" — .practice/exercises/07-task-validation.md
 *
 * The shapes of tasks on the wire: validation, TypeScript types and the OpenAPI document.
 * The response shapes (`TaskSchema`, `TaskPageSchema`) are done. The request schemas below have
 * the right fields and types but none of the rules yet: no lengths, no formats, no patterns,
 * and unknown fields slip through. Add them (TypeBox options are JSON Schema keywords), and
 * keep every exported name.
 */
import { type Static, Type } from 'typebox';
import { PageQuerySchema, pageOf, UuidSchema } from '../http/schemas.js';

export const TaskStatusSchema = Type.Union([Type.Literal('todo'), Type.Literal('in_progress'), Type.Literal('done')]);

/** `YYYY-MM-DD` — for now any string. */
const DateSchema = Type.String({ examples: ['2030-01-31'] });

/** Stored trimmed and lowercase, so `Home` and ` home` are one tag — for now any string. */
export const TagSchema = Type.String();

export const TaskSchema = Type.Object(
  {
    id: UuidSchema,
    title: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    status: TaskStatusSchema,
    dueDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    tags: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Task' },
);
export type Task = Static<typeof TaskSchema>;

export const CreateTaskBodySchema = Type.Object({
  title: Type.String(),
  description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  status: Type.Optional(TaskStatusSchema),
  dueDate: Type.Optional(Type.Union([DateSchema, Type.Null()])),
  tags: Type.Optional(Type.Array(TagSchema)),
});
export type CreateTaskBody = Static<typeof CreateTaskBodySchema>;

/** Every field optional; `null` clears `description` and `dueDate`; `tags` replaces the set. */
export const UpdateTaskBodySchema = Type.Object({
  title: Type.Optional(Type.String()),
  description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  status: Type.Optional(TaskStatusSchema),
  dueDate: Type.Optional(Type.Union([DateSchema, Type.Null()])),
  tags: Type.Optional(Type.Array(TagSchema)),
});
export type UpdateTaskBody = Static<typeof UpdateTaskBodySchema>;

export const TaskSortSchema = Type.Union(
  [Type.Literal('-createdAt'), Type.Literal('createdAt'), Type.Literal('dueDate'), Type.Literal('-dueDate')],
  {
    default: '-createdAt',
    description: '`-` means descending. Tasks without a due date come last for `dueDate`, first for `-dueDate`.',
  },
);
export type TaskSort = Static<typeof TaskSortSchema>;

export const TaskListQuerySchema = Type.Object({
  status: Type.Optional(TaskStatusSchema),
  tag: Type.Optional(TagSchema),
  q: Type.Optional(Type.String({ description: 'Words to find in title or description' })),
  dueBefore: Type.Optional({ ...DateSchema, description: 'Only tasks due strictly before this date' }),
  sort: TaskSortSchema,
  ...PageQuerySchema.properties,
});
export type TaskListQuery = Static<typeof TaskListQuerySchema>;

export const TaskPageSchema = pageOf(TaskSchema);
