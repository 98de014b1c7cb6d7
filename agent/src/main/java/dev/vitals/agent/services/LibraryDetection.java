package dev.vitals.agent.services;

import java.util.ArrayList;
import java.util.List;

/**
 * Which well-known provider client libraries the application ships, read as class-file resources from its class
 * loader (no class is loaded or initialised), so that a provider the application can use but has not called yet
 * shows as "not configured".
 */
final class LibraryDetection {
    private static final String[][] MARKERS = {
        {"stripe", "com/stripe/Stripe.class"},
        {"paypal", "com/paypal/core/PayPalHttpClient.class"},
        {"paypal", "com/paypal/base/rest/APIContext.class"},
        {"paypal", "com/paypal/sdk/PaypalServerSdkClient.class"},
        {Services.EMAIL, "jakarta/mail/Transport.class"},
        {Services.EMAIL, "javax/mail/Transport.class"},
        {Services.EMAIL, "com/sendgrid/SendGrid.class"},
    };

    private LibraryDetection() {
    }

    static List<String> detect(ClassLoader loader) {
        List<String> found = new ArrayList<>();
        if (loader == null) {
            return found;
        }
        for (String[] m : MARKERS) {
            if (!found.contains(m[0]) && loader.getResource(m[1]) != null) {
                found.add(m[0]);
            }
        }
        return found;
    }
}
