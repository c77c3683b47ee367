/**
 * A payment provider that moves no money, for development and tests. It behaves like a real
 * one where it matters: a test payment method decides the outcome, a charge repeated with the
 * same idempotency key returns the first charge instead of charging twice, a charge is refunded
 * at most once (a repeated refund with the same key is the first one again; a second refund
 * under another key is refused, as a real provider refuses to pay back more than it took), and
 * every app instance in one process sees the same charges, as they would see one real account.
 */
import { randomUUID } from 'node:crypto';
import type { ChargeRequest, ChargeResult, PaymentProvider } from './payment-provider.js';

const TEST_PAYMENT_METHODS = { success: 'test_success', decline: 'test_decline' } as const;

/** The provider's books, shared by every instance of the fake (one "account"). */
const ledger = {
  /** Successful charges: idempotency key → reference. */
  charges: new Map<string, string>(),
  /** Refunds: charge reference → the idempotency key of its refund. */
  refunds: new Map<string, string>(),
};

export class FakePaymentProvider implements PaymentProvider {
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const previous = ledger.charges.get(request.idempotencyKey);
    if (previous) return { status: 'succeeded', reference: previous };
    if (request.paymentMethod === TEST_PAYMENT_METHODS.decline) {
      return { status: 'declined', reason: 'the card was declined (test_decline)' };
    }
    if (request.paymentMethod !== TEST_PAYMENT_METHODS.success) {
      return {
        status: 'declined',
        reason: `the fake provider knows only "${TEST_PAYMENT_METHODS.success}" and "${TEST_PAYMENT_METHODS.decline}"`,
      };
    }
    const reference = `fake_${randomUUID()}`;
    ledger.charges.set(request.idempotencyKey, reference);
    return { status: 'succeeded', reference };
  }

  async findCharge(idempotencyKey: string): Promise<string | undefined> {
    return ledger.charges.get(idempotencyKey);
  }

  async refund(reference: string, _amountCents: number, idempotencyKey: string): Promise<void> {
    if (![...ledger.charges.values()].includes(reference)) throw new Error(`no charge ${reference} to refund`);
    const earlier = ledger.refunds.get(reference);
    if (earlier === undefined) ledger.refunds.set(reference, idempotencyKey);
    else if (earlier !== idempotencyKey) throw new Error(`charge ${reference} was already refunded`);
  }
}
