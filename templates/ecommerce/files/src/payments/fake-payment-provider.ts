/**
 * A payment provider that moves no money, for development and tests. It behaves like a real
 * one where it matters: a test payment method decides the outcome, and a charge repeated with
 * the same idempotency key returns the first charge instead of charging twice.
 */
import { randomUUID } from 'node:crypto';
import type { ChargeRequest, ChargeResult, PaymentProvider } from './payment-provider.js';

const TEST_PAYMENT_METHODS = { success: 'test_success', decline: 'test_decline' } as const;

export class FakePaymentProvider implements PaymentProvider {
  /** Successful charges by idempotency key. */
  readonly #charges = new Map<string, string>();

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const previous = this.#charges.get(request.idempotencyKey);
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
    this.#charges.set(request.idempotencyKey, reference);
    return { status: 'succeeded', reference };
  }

  async refund(_reference: string, _amountCents: number, _idempotencyKey: string): Promise<void> {
    // Nothing to give back: no money moved.
  }
}
