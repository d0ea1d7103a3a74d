/**
 * Money in and out of a charging balance goes through a payment provider. Only `log` exists:
 * it takes every top-up and refund as done and writes a line to the server log, for a
 * demo or a pilot where the money is handled at the desk. A WeChat Pay or Alipay provider
 * implements this interface (their order and refund calls, answering with their reference);
 * none is written here.
 */
export interface PaymentRequest {
  userId: number;
  amountFen: number;
  /** Our reference, unique per request (the provider's idempotency key). */
  reference: string;
}

export interface PaymentProvider {
  readonly name: string;
  /** Takes money from the user onto their balance; answers the provider's reference. */
  collect(request: PaymentRequest): Promise<{ providerRef: string }>;
  /** Pays money back to the user from their balance; answers the provider's reference. */
  refund(request: PaymentRequest): Promise<{ providerRef: string }>;
}

/** Writes to the server's logger (the one the message log provider uses). */
export function logPaymentProvider(logger: { info(obj: object, msg?: string): void }): PaymentProvider {
  return {
    name: 'log',
    async collect(request) {
      logger.info({ ...request }, 'charging payment collected (log provider)');
      return { providerRef: `log-${request.reference}` };
    },
    async refund(request) {
      logger.info({ ...request }, 'charging refund paid (log provider)');
      return { providerRef: `log-${request.reference}` };
    },
  };
}
