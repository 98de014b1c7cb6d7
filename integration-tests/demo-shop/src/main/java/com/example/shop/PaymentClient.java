package com.example.shop;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.param.ChargeCreateParams;

import java.net.URI;

/**
 * Calls the payment provider through the real stripe-java SDK, with its API base pointed at the local
 * stand-in ({@link PaymentProvider}), the way a Stripe integration would in production. The SDK talks HTTP
 * through {@code HttpURLConnection}, which is what Vitals sees. Thread-safe.
 */
final class PaymentClient {
    /** The provider refused or could not be reached. */
    static final class PaymentException extends Exception {
        private static final long serialVersionUID = 1L;

        PaymentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final StripeClient stripe;

    PaymentClient(URI base, String apiKey) {
        String apiBase = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        this.stripe = StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(apiBase)
                .setConnectTimeout(2_000)
                .setReadTimeout(5_000)
                // No retries: the demo wants each failed payment to show as one failed call.
                .setMaxNetworkRetries(0)
                .build();
    }

    /** Charges {@code amountCents} and returns the charge id. */
    String charge(long amountCents, String currency, String description) throws PaymentException {
        ChargeCreateParams params = ChargeCreateParams.builder()
                .setAmount(amountCents)
                .setCurrency(currency)
                .setDescription(description)
                .build();
        try {
            return stripe.charges().create(params).getId();
        } catch (StripeException e) {
            throw failure(e);
        }
    }

    /** Returns the status of charge {@code id}, e.g. {@code succeeded}. */
    String chargeStatus(String id) throws PaymentException {
        try {
            Charge charge = stripe.charges().retrieve(id);
            return charge.getStatus();
        } catch (StripeException e) {
            throw failure(e);
        }
    }

    private static PaymentException failure(StripeException e) {
        if (e instanceof ApiConnectionException) {
            return new PaymentException("payment provider unreachable: " + e.getMessage(), e);
        }
        Integer status = e.getStatusCode();
        return new PaymentException("payment provider answered " + (status == null ? "an error" : status) + ": "
                + e.getMessage(), e);
    }
}
