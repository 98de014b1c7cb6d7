package dev.vitals.exporter.prometheus;

import java.math.BigDecimal;

/**
 * Number rendering as Prometheus' own Go libraries do it: Go's shortest {@code %g} ({@code 0.005},
 * {@code 1e-05}, {@code 1.5e+07}), {@code +Inf}/{@code -Inf}/{@code NaN}, and integral sample values as plain
 * integers. {@code le} values use OpenMetrics' canonical form ({@code 1.0}, {@code 0.25}, {@code 1e+06}) so the
 * same bound always has the same label value.
 */
final class Numbers {
    /** Integral doubles below 2^53 are exact, so printing them as longs loses nothing. */
    private static final double EXACT_INTEGER_LIMIT = 9.007199254740992E15;

    private Numbers() {
    }

    static void appendValue(StringBuilder out, double v) {
        if (Double.isNaN(v)) {
            out.append("NaN");
        } else if (Double.isInfinite(v)) {
            out.append(v > 0 ? "+Inf" : "-Inf");
        } else if (v == Math.rint(v) && Math.abs(v) < EXACT_INTEGER_LIMIT) {
            out.append((long) v);
        } else {
            appendGo(out, v);
        }
    }

    static void appendLe(StringBuilder out, double v) {
        if (Double.isInfinite(v)) {
            out.append(v > 0 ? "+Inf" : "-Inf");
            return;
        }
        int start = out.length();
        appendGo(out, v);
        for (int i = start; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '.' || c == 'e') {
                return;
            }
        }
        out.append(".0");
    }

    /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} for finite values. */
    static void appendGo(StringBuilder out, double v) {
        if (v == 0) {
            out.append('0');
            return;
        }
        if (v < 0) {
            out.append('-');
        }
        // Double.toString gives the shortest digits that round-trip (JDK 19+; close to it before), which is
        // what Go's shortest mode produces; BigDecimal splits them into digits and a decimal point position.
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int nd = digits.length();
        int dp = nd - exact.scale();
        int exp = dp - 1;
        if (exp < -4 || exp >= 6) {
            out.append(digits.charAt(0));
            if (nd > 1) {
                out.append('.').append(digits, 1, nd);
            }
            out.append('e').append(exp < 0 ? '-' : '+');
            int absExp = Math.abs(exp);
            if (absExp < 10) {
                out.append('0');
            }
            out.append(absExp);
            return;
        }
        if (dp > 0) {
            for (int i = 0; i < dp; i++) {
                out.append(i < nd ? digits.charAt(i) : '0');
            }
        } else {
            out.append('0');
        }
        int fraction = Math.max(nd - dp, 0);
        if (fraction > 0) {
            out.append('.');
            for (int i = 0; i < fraction; i++) {
                int j = dp + i;
                out.append(j >= 0 && j < nd ? digits.charAt(j) : '0');
            }
        }
    }
}
