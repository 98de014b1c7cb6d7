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
        // anything that is not a word of the application is a value
        "/cache/alice:pw-VALUE77|/cache/{value}",
        "/cache/REDISKEYsecret|/cache/{value}",
        "/cache/XMLHttpRequest|/cache/{value}",
        "/users/a1b2c3|/users/{value}",
        "/users/jane.doe|/users/{value}",
        "/hosts/example.com|/hosts/{value}",
        "/q/a=b|/q/{value}",
        "/q/caf%C3%A9|/q/{value}",
        "/q/hello+world|/q/{value}",
        "/q/abcdefghijklmnopqrstuvwxyzabcdefg|/q/{value}",
        "/q/-dash|/q/{value}",
        "/q/double--dash|/q/{value}",
        "/q/COUPON|/q/{value}",
        // words, versions and file names stay
        "/api/v1/userProfile/UserSettings|/api/v1/userProfile/UserSettings",
        "/FAQ/snake_case/kebab-case/_next|/FAQ/snake_case/kebab-case/_next",
        "/static/js/jquery.min.js|/static/js/jquery.min.js",
        "/shop/cart.jsp|/shop/cart.jsp",
        "/docs/Index.HTML|/docs/Index.HTML",
        // past the fixed depth the rest is one placeholder
        "/a/b/c/d/e/f|/a/b/c/d/e/f",
        "/a/b/c/d/e/f/g|/a/b/c/d/e/f/*",
        "/a/b/c/d/e/f/g/h/1|/a/b/c/d/e/f/*",
    })
    void normalisesIdentifiers(String raw, String expected) {
        assertEquals(expected, RouteNormalizer.normalize(raw));
        assertEquals(expected.hashCode(), RouteNormalizer.hash(raw), "hash must equal the template's hashCode");
        assertTrue(RouteNormalizer.matches(raw, expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/shop|/cache|/alice|/shop/cache/{value}",
        "''|/cache|/alice/7/avatar.png|/cache/{value}/{id}/{value}",
        "''|''|/jane.doe@example.com|/{email}",
        "''|/cache|/|/cache/",
        "''|/files|/a/b/c/d/e/f/g/h|/files/{value}/{value}/{value}/{value}/{value}/{value}/*",
    })
    void pathMappingsKeepNoSegmentOfThePathInfo(String context, String servlet, String pathInfo, String expected) {
        assertEquals(expected, RouteNormalizer.normalizeMapped(context, servlet, pathInfo));
        assertEquals(expected.hashCode(), RouteNormalizer.hashMapped(context, servlet, pathInfo));
        assertTrue(RouteNormalizer.matchesMapped(context, servlet, pathInfo, expected));
        assertFalse(RouteNormalizer.matchesMapped(context, servlet, pathInfo, expected + "x"));
        assertFalse(RouteNormalizer.matchesMapped(context, servlet, pathInfo, "/other" + expected));
    }

    @Test
    void wordLikeRandomSegmentsNeverStayUnderAPathMapping() {
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            String word = randomWord(random);
            String route = RouteNormalizer.normalizeMapped("", "/cache", "/" + word);
            assertEquals("/cache/{value}", route, word);
        }
    }

    private static String randomWord(Random random) {
        StringBuilder sb = new StringBuilder();
        int len = 3 + random.nextInt(10);
        for (int j = 0; j < len; j++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
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
        String alphabet = "ab/0123456789f-@.;x%AZ_:vjs";
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
            String mapped = RouteNormalizer.normalizeMapped("/ctx", "/m", "/" + raw);
            assertEquals(mapped.hashCode(), RouteNormalizer.hashMapped("/ctx", "/m", "/" + raw), raw);
            assertTrue(RouteNormalizer.matchesMapped("/ctx", "/m", "/" + raw, mapped), raw);
            assertFalse(RouteNormalizer.matchesMapped("/ctx", "/m", "/" + raw, mapped + "x"), raw);
        }
    }
}
