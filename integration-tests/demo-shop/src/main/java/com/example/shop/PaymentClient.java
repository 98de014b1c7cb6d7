package com.example.shop;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls the payment provider the way a Stripe integration would. Thread-safe. */
final class PaymentClient {
    // The demo reads two fields of the provider's answer; a JSON library would be its only use of one.
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    /** The provider refused or could not be reached. */
    static final class PaymentException extends Exception {
        private static final long serialVersionUID = 1L;

        PaymentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI base;
    private final String apiKey;

    PaymentClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** Charges {@code amountCents} and returns the charge id. */
    String charge(long amountCents, String currency, String description) throws PaymentException {
        String form = "amount=" + amountCents + "&currency=" + encode(currency) + "&description=" + encode(description);
        HttpRequest request = request("/v1/charges")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return field(ID, send(request));
    }

    /** Returns the status of charge {@code id}, e.g. {@code succeeded}. */
    String chargeStatus(String id) throws PaymentException {
        return field(STATUS, send(request("/v1/charges/" + encode(id)).GET().build()));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + apiKey);
    }

    private String send(HttpRequest request) throws PaymentException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PaymentException("payment provider unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentException("interrupted while calling the payment provider", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new PaymentException("payment provider answered " + response.statusCode() + ": " + response.body(), null);
        }
        return response.body();
    }

    private static String field(Pattern pattern, String json) throws PaymentException {
        Matcher m = pattern.matcher(json);
        if (!m.find()) {
            throw new PaymentException("unexpected answer from the payment provider: " + json, null);
        }
        return m.group(1);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
