package dev.vitals.agent.requests;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryRedactorTest {
    @Test
    void valuesAreMaskedNamesKept() {
        assertEquals("/search?q=****&token=****&flag",
                QueryRedactor.pathWithRedactedQuery("/search", "q=secret+stuff&token=abc123&flag"));
    }

    @Test
    void noQueryLeavesPath() {
        assertEquals("/a/b", QueryRedactor.pathWithRedactedQuery("/a/b", null));
        assertEquals("/a/b", QueryRedactor.pathWithRedactedQuery("/a/b", ""));
    }

    @Test
    void longPathsAreCut() {
        String path = "/" + "x".repeat(2_000);
        String shown = QueryRedactor.pathWithRedactedQuery(path, "a=1");
        assertTrue(shown.length() < 600, shown.length() + " chars");
        assertTrue(shown.endsWith("...?a=****"), shown.substring(shown.length() - 20));
    }
}
