/**
 * The order's state machine, in one table:
 *
 *   pending_payment ──pay──▶ paid ──▶ shipped ──▶ delivered
 *          │   │              │
 *          │   └── cancel ────┴──▶ cancelled
 *          └── not paid within PAYMENT_WINDOW_MINUTES ──▶ expired
 *
 * Code never checks "is this transition allowed?" and then writes: it writes with
 * `WHERE status = ANY(<statuses that may become the target>)` (orders-repository.ts), so the
 * check and the change are one atomic statement and two concurrent requests cannot both move
 * the same order.
 */
import { conflict, type HttpProblem } from '../http/problem.js';

export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const NEXT_STATUSES: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled', 'expired'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
  expired: [],
};

/** The statuses from which an order may move to `target`. */
export function statusesBefore(target: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((status) => NEXT_STATUSES[status].includes(target));
}

export function invalidTransition(current: OrderStatus, target: OrderStatus): HttpProblem {
  const next = NEXT_STATUSES[current];
  return conflict(
    `This order is ${current} and cannot become ${target}. ` +
      (next.length > 0 ? `From ${current} it can become: ${next.join(', ')}.` : `${current} is final.`),
  );
}
