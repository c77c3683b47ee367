/**
 * The seam between the shop and whoever moves the money. Orders talk only to this interface;
 * `FakePaymentProvider` implements it for development and tests. To take real payments, write
 * a class for your provider (Stripe, Adyen, Mollie, …) with these three methods and decorate the
 * app with it in `payments-plugin.ts`. Nothing else changes.
 */
export interface ChargeRequest {
  amountCents: number;
  currency: string;
  /** What the client chose to pay with: a provider token such as a saved card's id. */
  paymentMethod: string;
  /**
   * Sent to the provider so that a retried charge (timeout, crash, double click) is charged
   * once. Real providers support this (Stripe's `Idempotency-Key` header, for one).
   */
  idempotencyKey: string;
}

export type ChargeResult = { status: 'succeeded'; reference: string } | { status: 'declined'; reason: string };

export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * The reference of the successful charge made with this idempotency key, if any, WITHOUT
   * charging: how the shop finds out whether a payment interrupted by a crash took the money.
   * (Stripe: put the order id in the PaymentIntent's metadata and search by it.)
   */
  findCharge(idempotencyKey: string): Promise<string | undefined>;
  /** Gives back a charge; `idempotencyKey` makes a retried refund happen once (like a charge's). */
  refund(reference: string, amountCents: number, idempotencyKey: string): Promise<void>;
}
