/**
 * Exercise 07 "order-states" — .practice/exercises/07-order-states.md
 *
 * The order's state machine: which status may become which. Everything that changes a status
 * writes it with `WHERE status = ANY(statusesBefore(target))` (orders-repository.ts), so this
 * table is the only place the rules live. Keep the exported names: ORDER_STATUSES and
 * OrderStatus are used by the schemas and the SQL.
 */
import { HttpProblem } from '../http/problem.js';

export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const notDone = () =>
  new HttpProblem(501, 'Exercise 07 "order-states" is not done yet: open src/orders/order-status.ts', {
    title: 'Not Implemented',
  });

/** The statuses from which an order may move to `target`. */
export function statusesBefore(_target: OrderStatus): OrderStatus[] {
  throw notDone();
}

/** The 409 problem for a move the state machine does not allow, saying where the order can go. */
export function invalidTransition(_current: OrderStatus, _target: OrderStatus): HttpProblem {
  throw notDone();
}
