/**
 * Paying an order: the shop talks to whoever moves the money only through the `PaymentProvider`
 * interface (payments/payment-provider.ts), never inside a database transaction, and records each
 * step so that a crash or a race between two requests can neither charge twice nor lose a charge.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import { invalidTransition } from './order-status.js';
import { recordCharge, recordPaymentAttempt } from './orders-repository.js';
import type { Order } from './orders-schemas.js';
import { chargeKey, getOrder, refundOrder, whyNot } from './orders-service.js';

/**
 * Charges the order's total (from the database, never from the client) and marks it paid.
 * The provider is called outside any transaction: a slow payment must not hold database locks.
 * Money moves between two writes, so each write makes a crash or a race safe:
 * 1. the attempt is recorded first: should the process die after the charge, the order still
 *    says a charge may exist, and ending it (cancel, expiry) owes a refund the refund job
 *    checks with the provider (refundDueOrders);
 * 2. the charge is recorded whatever happened meanwhile: if the order was cancelled or expired
 *    while the provider worked, the same statement records the refund as owed, and it is made
 *    like a cancel's, under the order's one refund key. One order, one charge, one refund.
 */
export async function payOrder(
  db: Database,
  payments: PaymentProvider,
  order: { id: string; ownerId: string },
  paymentMethod: string,
  log: FastifyBaseLogger,
): Promise<Order> {
  const attempt = await recordPaymentAttempt(db, order.id, order.ownerId);
  if (!attempt) throw await whyNot(db, order, 'paid');

  const charge = await payments.charge({
    amountCents: attempt.totalCents,
    currency: attempt.currency,
    paymentMethod,
    // One charge per order, however often the client retries.
    idempotencyKey: chargeKey(order.id),
  });
  if (charge.status === 'declined') {
    throw new HttpProblem(402, `The payment was declined: ${charge.reason}. Try another payment method.`, {
      title: 'Payment declined',
    });
  }

  const recorded = await recordCharge(db, order.id, charge.reference);
  if (!recorded) throw new Error(`order ${order.id} holds another charge than ${charge.reference}`);
  // Paid, by this request or by a concurrent one with this same charge (the provider deduplicated it).
  if (recorded.status !== 'cancelled' && recorded.status !== 'expired') return getOrder(db, order.id);
  // Cancelled or expired while the payment ran: the money goes back (once, whoever asks first).
  if (recorded.refundStatus === 'pending') {
    await refundOrder(db, payments, log, {
      orderId: order.id,
      paymentReference: charge.reference,
      totalCents: attempt.totalCents,
    });
  }
  throw invalidTransition(recorded.status, 'paid');
}
