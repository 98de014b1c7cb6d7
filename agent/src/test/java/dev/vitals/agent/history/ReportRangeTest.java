package dev.vitals.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitals.exporter.HttpError;
import org.junit.jupiter.api.Test;

/** Report dates are checked with arithmetic that cannot overflow. */
class ReportRangeTest {
    private static final long NOW = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @Test
    void extremeYearsAre400NotAnEndlessReport() {
        for (String[] dates : new String[][] {
                {"-292275050-01-01T00:00:00Z", "2026-01-01"},
                {"2026-01-01", "+292278994-08-17T07:12:55.807Z"},
                {"+292278994-01-01T00:00:00Z", null},
                {null, "-292275050-01-01T00:00:00Z"},
                {"0000-01-01", "2026-01-01"},
                {"999999999999999", null}}) {
            HttpError e = assertThrows(HttpError.class, () -> ReportRange.parse("monthly", dates[0], dates[1], NOW),
                    String.join(" .. ", String.valueOf(dates[0]), String.valueOf(dates[1])));
            assertEquals(400, e.status());
            assertTrue(e.detail().contains("Date"), e.detail());
        }
    }

    @Test
    void theLastDayOfYear9999IsStillADate() {
        ReportRange r = ReportRange.parse("daily", "9999-12-31", "9999-12-31", NOW);
        assertEquals(86_400_000L, r.length());
    }
}
