package dev.vitals.agent.history;

import dev.vitals.exporter.HttpError;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The period and range of a report request: {@code period=hourly|daily|weekly|monthly} (the unit of the breakdown
 * and the default length), {@code startDate} and {@code endDate} as a date ({@code 2024-01-07}, UTC; an end date
 * includes its whole day), a date-time ({@code 2024-01-07T10:00:00Z}, or without offset for UTC)
 * or epoch milliseconds. Without dates the range is the last period ending now; with one date it is one period
 * from (or up to) it. Internally the range is {@code [from, to)}.
 *
 * <p>Every mistake is a 400 naming the parameter. Immutable.
 */
final class ReportRange {
    enum Period {
        HOURLY("hourly", 3_600_000L, "hour"),
        DAILY("daily", 86_400_000L, "day"),
        WEEKLY("weekly", 7 * 86_400_000L, "week"),
        MONTHLY("monthly", 30 * 86_400_000L, "month");

        final String label;
        final long millis;
        final String noun;

        Period(String label, long millis, String noun) {
            this.label = label;
            this.millis = millis;
            this.noun = noun;
        }
    }

    static final long MAX_RANGE = 400L * 86_400_000L;
    /**
     * Dates outside 1970-01-01..9999-12-31 are refused, so that {@code to - from} and a start plus one period
     * can never overflow (years such as -292275050 once did, past every range check, into an endless loop).
     */
    static final long LATEST_MILLIS = 253_402_300_799_999L;
    static final int MAX_BUCKETS = 1_000;

    final Period period;
    final long from;
    final long to;

    ReportRange(Period period, long from, long to) {
        this.period = period;
        this.from = from;
        this.to = to;
    }

    long length() {
        return to - from;
    }

    /** "this week" when the range is one period, "in this period" otherwise. */
    String phrase() {
        return length() == period.millis ? "this " + period.noun : "in this period";
    }

    static ReportRange parse(String periodParam, String startParam, String endParam, long now) {
        Period period = Period.DAILY;
        if (periodParam != null && !periodParam.trim().isEmpty()) {
            period = null;
            String p = periodParam.trim().toLowerCase(Locale.ROOT);
            for (Period candidate : Period.values()) {
                if (candidate.label.equals(p)) {
                    period = candidate;
                }
            }
            if (period == null) {
                throw HttpError.badRequest("query parameter 'period' must be one of hourly|daily|weekly|monthly, got '"
                        + echo(periodParam) + "'");
            }
        }
        Long start = parseDate("startDate", startParam, false);
        Long end = parseDate("endDate", endParam, true);
        long from;
        long to;
        if (start == null && end == null) {
            to = now;
            from = now - period.millis;
        } else if (end == null) {
            from = start;
            to = start + period.millis;
        } else if (start == null) {
            to = end;
            from = end - period.millis;
        } else {
            from = start;
            to = end;
        }
        if (to <= from) {
            throw HttpError.badRequest("query parameter 'endDate' (" + echo(endParam) + ") must be after 'startDate' ("
                    + echo(startParam) + ")");
        }
        if (to - from > MAX_RANGE) {
            throw HttpError.badRequest("query parameter 'endDate' is more than 400 days after 'startDate'; "
                    + "ask for a shorter range");
        }
        long buckets = (to - from + period.millis - 1) / period.millis;
        if (buckets > MAX_BUCKETS) {
            throw HttpError.badRequest("query parameter 'period' " + period.label + " splits this range into " + buckets
                    + " parts; at most " + MAX_BUCKETS + ": use a longer period or a shorter range");
        }
        return new ReportRange(period, from, to);
    }

    /** Epoch millis, or null when absent; an end date covers its whole day (exclusive end = next midnight). */
    static Long parseDate(String name, String raw, boolean end) {
        if (raw == null || raw.trim().isEmpty()) {
            return null;
        }
        long millis = parseMillis(name, raw, end);
        if (millis < 0 || millis > LATEST_MILLIS + 1) {
            throw HttpError.badRequest("query parameter '" + name + "' must be between 1970-01-01 and 9999-12-31, got '"
                    + echo(raw) + "'");
        }
        return millis;
    }

    private static long parseMillis(String name, String raw, boolean end) {
        String v = raw.trim();
        try {
            if (v.chars().allMatch(Character::isDigit) && v.length() <= 15) {
                return Long.parseLong(v);
            }
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (v.endsWith("Z") || v.endsWith("z")) {
                return Instant.parse(v.toUpperCase(Locale.ROOT)).toEpochMilli();
            }
            try {
                return OffsetDateTime.parse(v).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw HttpError.badRequest("query parameter '" + name + "' must be a date (2024-01-07), a date-time "
                    + "(2024-01-07T10:00:00Z) or epoch milliseconds, got '" + echo(raw) + "'");
        }
    }

    private static String echo(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.length() <= 64 ? raw : raw.substring(0, 64) + "...";
    }
}
