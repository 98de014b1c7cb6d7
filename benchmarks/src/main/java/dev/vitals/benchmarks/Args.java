package dev.vitals.benchmarks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code --name value}, {@code --name=value} and bare {@code --flag} options, checked against a known set. */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    Args(String[] args, Set<String> known, Set<String> knownFlags, String usage) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + usage);
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (knownFlags.contains(name) && value == null) {
                flags.add(name);
            } else if (known.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value\n" + usage);
                    }
                    value = args[++i];
                }
                values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + usage);
            }
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int getInt(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a number from " + min + " to " + max + ", not '" + v + "'");
    }

    /** A duration such as {@code 500ms}, {@code 2s} or {@code 1m}, in milliseconds. */
    long getMillis(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            String s = v.trim();
            if (s.endsWith("ms")) {
                return Long.parseLong(s.substring(0, s.length() - 2));
            } else if (s.endsWith("s")) {
                return Long.parseLong(s.substring(0, s.length() - 1)) * 1000;
            } else if (s.endsWith("m")) {
                return Long.parseLong(s.substring(0, s.length() - 1)) * 60_000;
            }
            return Long.parseLong(s) * 1000;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a duration like 500ms, 10s or 1m, not '" + v + "'", e);
        }
    }
}
