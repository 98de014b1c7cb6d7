package dev.vitals.agent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The value types that configuration keys use. */
public final class Parsers {
    private Parsers() {
    }

    public static final ValueParser<String> STRING = new ValueParser<String>() {
        @Override
        public String parse(String raw) {
            return raw.trim();
        }

        @Override
        public String acceptedForm() {
            return "a string";
        }
    };

    public static final ValueParser<Boolean> BOOLEAN = new ValueParser<Boolean>() {
        @Override
        public Boolean parse(String raw) {
            String v = raw.trim().toLowerCase(Locale.ROOT);
            switch (v) {
                case "true": case "yes": case "on": case "1":
                    return Boolean.TRUE;
                case "false": case "no": case "off": case "0":
                    return Boolean.FALSE;
                default:
                    throw new IllegalArgumentException(raw);
            }
        }

        @Override
        public String acceptedForm() {
            return "true or false";
        }
    };

    public static ValueParser<Integer> intRange(int min, int max) {
        return new ValueParser<Integer>() {
            @Override
            public Integer parse(String raw) {
                int v = Integer.parseInt(raw.trim());
                if (v < min || v > max) {
                    throw new IllegalArgumentException(raw);
                }
                return v;
            }

            @Override
            public String acceptedForm() {
                return "an integer " + min + "-" + max;
            }
        };
    }

    public static ValueParser<Double> doubleRange(double min, double max) {
        return new ValueParser<Double>() {
            @Override
            public Double parse(String raw) {
                double v = Double.parseDouble(raw.trim());
                if (!(v >= min && v <= max)) {
                    throw new IllegalArgumentException(raw);
                }
                return v;
            }

            @Override
            public String acceptedForm() {
                return "a number " + format(min) + "-" + format(max);
            }

            @Override
            public String format(Double value) {
                return value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString();
            }
        };
    }

    /**
     * A duration in milliseconds, written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or
     * {@code 2d}; a bare number is milliseconds.
     */
    public static ValueParser<Long> durationMillis(long minMillis, long maxMillis) {
        return new ValueParser<Long>() {
            @Override
            public Long parse(String raw) {
                String v = raw.trim().toLowerCase(Locale.ROOT);
                long factor = 1;
                String number = v;
                if (v.endsWith("ms")) {
                    number = v.substring(0, v.length() - 2);
                } else if (v.endsWith("s")) {
                    factor = 1000;
                    number = v.substring(0, v.length() - 1);
                } else if (v.endsWith("m")) {
                    factor = 60_000;
                    number = v.substring(0, v.length() - 1);
                } else if (v.endsWith("h")) {
                    factor = 3_600_000;
                    number = v.substring(0, v.length() - 1);
                } else if (v.endsWith("d")) {
                    factor = 86_400_000;
                    number = v.substring(0, v.length() - 1);
                }
                long millis = Math.multiplyExact(Long.parseLong(number.trim()), factor);
                if (millis < minMillis || millis > maxMillis) {
                    throw new IllegalArgumentException(raw);
                }
                return millis;
            }

            @Override
            public String acceptedForm() {
                return "a duration such as 500ms, 30s, 5m or 1h, between " + format(minMillis) + " and " + format(maxMillis);
            }

            @Override
            public String format(Long millis) {
                if (millis % 86_400_000 == 0 && millis != 0) {
                    return millis / 86_400_000 + "d";
                } else if (millis % 3_600_000 == 0 && millis != 0) {
                    return millis / 3_600_000 + "h";
                } else if (millis % 60_000 == 0 && millis != 0) {
                    return millis / 60_000 + "m";
                } else if (millis % 1000 == 0 && millis != 0) {
                    return millis / 1000 + "s";
                }
                return millis + "ms";
            }
        };
    }

    /** A size in bytes, written as {@code 512MB}, {@code 64KB}, {@code 2GB} or a bare number of bytes. */
    public static ValueParser<Long> bytes(long min, long max) {
        return new ValueParser<Long>() {
            @Override
            public Long parse(String raw) {
                String v = raw.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
                long factor = 1;
                String number = v;
                if (v.endsWith("KB")) {
                    factor = 1L << 10;
                    number = v.substring(0, v.length() - 2);
                } else if (v.endsWith("MB")) {
                    factor = 1L << 20;
                    number = v.substring(0, v.length() - 2);
                } else if (v.endsWith("GB")) {
                    factor = 1L << 30;
                    number = v.substring(0, v.length() - 2);
                } else if (v.endsWith("B")) {
                    number = v.substring(0, v.length() - 1);
                }
                long value = Math.multiplyExact(Long.parseLong(number.trim()), factor);
                if (value < min || value > max) {
                    throw new IllegalArgumentException(raw);
                }
                return value;
            }

            @Override
            public String acceptedForm() {
                return "a size such as 64KB, 512MB or 2GB";
            }

            @Override
            public String format(Long value) {
                if (value % (1L << 30) == 0 && value != 0) {
                    return (value >> 30) + "GB";
                } else if (value % (1L << 20) == 0 && value != 0) {
                    return (value >> 20) + "MB";
                } else if (value % (1L << 10) == 0 && value != 0) {
                    return (value >> 10) + "KB";
                }
                return value + "B";
            }
        };
    }

    public static ValueParser<String> oneOf(String... allowed) {
        return new ValueParser<String>() {
            @Override
            public String parse(String raw) {
                String v = raw.trim().toLowerCase(Locale.ROOT);
                for (String a : allowed) {
                    if (a.equals(v)) {
                        return a;
                    }
                }
                throw new IllegalArgumentException(raw);
            }

            @Override
            public String acceptedForm() {
                return "one of " + String.join(", ", Arrays.asList(allowed));
            }
        };
    }

    /**
     * A list of names from {@code allowed}, separated by {@code ;}, {@code |}, {@code ,} or spaces (agent arguments
     * are themselves separated by commas, so there {@code ;} or {@code |}); the value is the names joined by
     * commas, in the order given. Empty is accepted only when {@code allowEmpty}.
     */
    public static ValueParser<String> listOf(boolean allowEmpty, String... allowed) {
        return new ValueParser<String>() {
            @Override
            public String parse(String raw) {
                List<String> out = new ArrayList<>();
                for (String part : raw.trim().toLowerCase(Locale.ROOT).split("[;|,\\s]+")) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    if (!Arrays.asList(allowed).contains(part)) {
                        throw new IllegalArgumentException(raw);
                    }
                    if (!out.contains(part)) {
                        out.add(part);
                    }
                }
                if (out.isEmpty() && !allowEmpty) {
                    throw new IllegalArgumentException(raw);
                }
                return String.join(",", out);
            }

            @Override
            public String acceptedForm() {
                return (allowEmpty ? "empty or " : "") + "a list of " + String.join(", ", Arrays.asList(allowed))
                        + " separated by ';' or '|'";
            }
        };
    }
}
