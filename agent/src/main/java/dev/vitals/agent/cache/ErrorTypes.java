package dev.vitals.agent.cache;

/**
 * The {@code error_type} label of a failed Redis command, from a bounded set: the error-reply prefix Redis
 * sends ({@code WRONGTYPE}, {@code NOAUTH}, ...; any other reply is {@code ERR}), or the exception's class name
 * for client-side failures (connection refused, timeouts), as OpenTelemetry's {@code error.type} advises.
 * Allocation-free: prefixes are matched in place and class names are the JVM's cached strings.
 */
final class ErrorTypes {
    static final String CANCELLED = "cancelled";
    private static final String[] PREFIXES = {
        "ERR", "WRONGTYPE", "NOAUTH", "NOPERM", "WRONGPASS", "NOSCRIPT", "BUSY", "LOADING", "READONLY", "MOVED",
        "ASK", "OOM", "EXECABORT", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "NOREPLICAS", "MISCONF", "BUSYGROUP",
        "NOGROUP", "UNBLOCKED", "NOPROTO", "CROSSSLOT",
    };

    private ErrorTypes() {
    }

    /** The prefix of a Redis error reply ({@code "WRONGTYPE Operation against..."} gives {@code WRONGTYPE}). */
    static String ofReply(String message) {
        if (message != null) {
            for (String p : PREFIXES) {
                if (message.startsWith(p) && (message.length() == p.length() || message.charAt(p.length()) == ' ')) {
                    return p;
                }
            }
        }
        return "ERR";
    }

    /**
     * The error type of an exception: the reply prefix for Jedis' {@code JedisDataException} family (Redis
     * answered with an error), else the exception's class name.
     */
    static String ofJedis(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if ("redis.clients.jedis.exceptions.JedisDataException".equals(c.getName())) {
                return ofReply(t.getMessage());
            }
        }
        return t.getClass().getName();
    }
}
