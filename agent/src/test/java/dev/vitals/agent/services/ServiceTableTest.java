package dev.vitals.agent.services;

import dev.vitals.agent.metrics.Timer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTableTest {
    private final Map<String, ServiceState> states = new ConcurrentHashMap<>();

    private ServiceTable table(String hosts, int limit) {
        List<String> warnings = new ArrayList<>();
        ServiceTable t = new ServiceTable(ServiceTable.parseHosts(hosts, warnings), limit,
                name -> states.computeIfAbsent(name, n -> new ServiceState(n, true, 5, 60_000, 10_000,
                        System::currentTimeMillis, new Timer(), new Timer())));
        assertTrue(warnings.isEmpty(), warnings.toString());
        return t;
    }

    @Test
    void builtInProviders() {
        ServiceTable t = table("", 50);
        assertEquals("stripe", t.resolve("api.stripe.com", 443).service);
        assertEquals("paypal", t.resolve("api-m.paypal.com", 443).service);
        assertEquals("paypal", t.resolve("api.sandbox.paypal.com", 443).service);
        assertEquals("paypal", t.resolve("api-m.sandbox.paypal.com", 443).service);
        assertEquals("email", t.resolve("api.sendgrid.com", 443).service);
        assertEquals("email", t.resolve("api.mailgun.net", 443).service);
        assertEquals("email", t.resolve("api.postmarkapp.com", 443).service);
        assertEquals("email", t.resolve("email.eu-west-1.amazonaws.com", 443).service);
        assertEquals("api.stripe.com", t.resolve("API.Stripe.com", 443).address, "host names are lower-cased");
        assertEquals("s3.amazonaws.com", t.resolve("s3.amazonaws.com", 443).service, "other hosts by host");
    }

    @Test
    void configuredHostsAndPorts() {
        ServiceTable t = table("127.0.0.1:8089=stripe;payments.internal=paypal, 127.0.0.1:9000=email", 50);
        assertEquals("stripe", t.resolve("127.0.0.1", 8089).service);
        assertEquals("email", t.resolve("127.0.0.1", 9000).service);
        assertEquals("127.0.0.1", t.resolve("127.0.0.1", 7000).service, "another port of the host is the bare host");
        assertEquals("stripe", t.resolve("127.0.0.1", 8089).service, "cached port entry still answers");
        assertEquals("paypal", t.resolve("payments.internal", 443).service);
        assertEquals("paypal", t.resolve("payments.internal", 8443).service, "host-only entries cover every port");
        assertSame(t.resolve("127.0.0.1", 8089).state, t.resolve("api.stripe.com", 443).state, "one state per service");
    }

    @Test
    void bareHostsAreCappedWithOther() {
        ServiceTable t = table("", 3);
        for (int i = 0; i < 3; i++) {
            assertEquals("host" + i + ".example", t.resolve("host" + i + ".example", 443).service);
        }
        for (int i = 3; i < 1000; i++) {
            ServiceTable.Target other = t.resolve("host" + i + ".example", 443);
            assertEquals(ServiceTable.OTHER, other.service);
            assertEquals(ServiceTable.OTHER, other.address);
        }
        assertEquals(3, t.bareHostCount());
        assertEquals("stripe", t.resolve("api.stripe.com", 443).service, "named services are never capped away");
        assertTrue(states.size() <= 5, states.keySet().toString());
        assertEquals(ServiceTable.OTHER, t.resolve(null, 80).service);
    }

    @Test
    void badEntriesAreWarnedAndSkipped() {
        List<String> warnings = new ArrayList<>();
        Map<String, Map<Integer, String>> hosts = ServiceTable.parseHosts("good.example=ok;=nohost;bad.example=;"
                + "h.example:99999=x;h2.example=bad service", warnings);
        assertEquals(Map.of("good.example", Map.of(-1, "ok")), hosts.entrySet().stream()
                .filter(e -> e.getKey().equals("good.example")).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertTrue(warnings.size() >= 4, warnings.toString());
    }
}
