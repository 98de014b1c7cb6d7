package dev.vitals.agent.requests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteNormalizerTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/products/123|/api/products/{id}",
        "/api/products/123/reviews/7|/api/products/{id}/reviews/{id}",
        "/api/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301|/api/orders/{uuid}",
        "/files/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08|/files/{token}",
        "/reset/AbCdEf1234GhIjKl5678MnOp|/reset/{token}",
        "/users/jane.doe@example.com/profile|/users/{email}/profile",
        "/users/jane.doe%40example.com|/users/{email}",
        "/api/courses|/api/courses",
        "/api/v2/summer-sale|/api/v2/summer-sale",
        "/cafe/beef|/cafe/beef",
        "/shop;jsessionid=ABC123DEF456/cart|/shop/cart",
        "/|/",
        "/a/|/a/",
        "no-slash/42|/no-slash/{id}",
        "//double|//double",
    })
    void normalisesIdentifiers(String raw, String expected) {
        assertEquals(expected, RouteNormalizer.normalize(raw));
        assertEquals(expected.hashCode(), RouteNormalizer.hash(raw), "hash must equal the template's hashCode");
        assertTrue(RouteNormalizer.matches(raw, expected));
    }

    @Test
    void nullAndEmptyAreRoot() {
        assertEquals("/", RouteNormalizer.normalize(null));
        assertEquals("/", RouteNormalizer.normalize(""));
        assertEquals("/".hashCode(), RouteNormalizer.hash(null));
    }

    @Test
    void matchesRejectsOtherTemplates() {
        assertFalse(RouteNormalizer.matches("/api/products/1", "/api/products"));
        assertFalse(RouteNormalizer.matches("/api/products", "/api/products/{id}"));
        assertFalse(RouteNormalizer.matches("/api/products/x", "/api/products/{id}"));
        assertFalse(RouteNormalizer.matches("/api/products/1", "/api/product/{id}"));
    }

    @Test
    void hashAndMatchesAgreeWithNormalizeOnRandomPaths() {
        Random random = new Random(42);
        String alphabet = "ab/0123456789f-@.;x%";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(40);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String raw = sb.toString();
            String normalized = RouteNormalizer.normalize(raw);
            assertEquals(normalized.hashCode(), RouteNormalizer.hash(raw), raw);
            assertTrue(RouteNormalizer.matches(raw, normalized), raw);
            assertFalse(RouteNormalizer.matches(raw, normalized + "x"), raw);
        }
    }
}
