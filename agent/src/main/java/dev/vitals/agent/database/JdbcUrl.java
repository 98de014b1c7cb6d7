package dev.vitals.agent.database;

import dev.vitals.agent.health.Redaction;

import java.util.Locale;

/**
 * What a JDBC URL says about the database: the OpenTelemetry {@code db.system.name}, the server
 * ({@code host:port}) and the namespace (database name), plus the URL with credentials removed. Immutable.
 */
public final class JdbcUrl {
    public final String system;
    public final String server;
    public final String namespace;
    /** The URL with user-info passwords and {@code password=} style parameters replaced by {@code ****}. */
    public final String redacted;

    JdbcUrl(String system, String server, String namespace, String redacted) {
        this.system = system;
        this.server = server;
        this.namespace = namespace;
        this.redacted = redacted;
    }

    /** Whether {@code "..."} is a string literal in this system's default SQL mode. */
    public boolean doubleQuotedStrings() {
        return system.equals("mysql") || system.equals("mariadb");
    }

    /** Parses any JDBC URL; never throws. An unknown or null URL gives system {@code other_sql}. */
    public static JdbcUrl parse(String url) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return new JdbcUrl("other_sql", "", "", url == null ? "" : redact(url));
        }
        String rest = url.substring(5);
        int colon = rest.indexOf(':');
        String sub = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
        String afterSub = colon < 0 ? "" : rest.substring(colon + 1);
        String system = system(sub, afterSub);
        String server = "";
        String namespace = "";
        try {
            switch (sub) {
                case "h2":
                case "hsqldb":
                case "derby":
                case "sqlite":
                    String[] local = local(afterSub);
                    server = local[0];
                    namespace = local[1];
                    break;
                case "oracle":
                    int at = afterSub.indexOf('@');
                    String target = at < 0 ? afterSub : afterSub.substring(at + 1);
                    if (target.startsWith("//")) {
                        String[] hp = authority(target.substring(2));
                        server = hp[0];
                        namespace = hp[1];
                    } else {
                        String[] parts = target.split(":");
                        server = parts.length >= 2 ? parts[0] + ":" + parts[1] : parts[0];
                        namespace = parts.length >= 3 ? parts[2] : "";
                    }
                    break;
                case "sqlserver":
                    String s = afterSub.startsWith("//") ? afterSub.substring(2) : afterSub;
                    int semi = s.indexOf(';');
                    server = stripUserInfo(semi < 0 ? s : s.substring(0, semi));
                    namespace = param(s, "databaseName");
                    if (namespace.isEmpty()) {
                        namespace = param(s, "database");
                    }
                    break;
                default:
                    // postgresql, mysql, mariadb and most others: jdbc:<sub>[:<mode>]://host[:port][,host...]/db[?...]
                    int slashes = afterSub.indexOf("//");
                    if (slashes >= 0) {
                        String[] hp = authority(afterSub.substring(slashes + 2));
                        server = hp[0];
                        namespace = hp[1];
                    } else {
                        // jdbc:postgresql:db
                        namespace = cut(afterSub, "?;");
                    }
            }
        } catch (RuntimeException malformed) {
            // keep what was parsed
        }
        return new JdbcUrl(system, server, clean(namespace), redact(url));
    }

    private static String system(String sub, String afterSub) {
        switch (sub) {
            case "postgresql":
            case "pgsql":
                return "postgresql";
            case "mariadb":
                return "mariadb";
            case "mysql":
                return afterSub.contains("mariadb") ? "mariadb" : "mysql";
            case "h2":
                return "h2";
            case "hsqldb":
                return "hsqldb";
            case "derby":
                return "derby";
            case "sqlite":
                return "sqlite";
            case "oracle":
                return "oracle.db";
            case "sqlserver":
            case "jtds":
                return "microsoft.sql_server";
            case "db2":
                return "ibm.db2";
            default:
                return "other_sql";
        }
    }

    /** {@code user:pw@host:port,host2/db?x} to {host:port, db}. */
    private static String[] authority(String s) {
        int slash = s.indexOf('/');
        String hosts = slash < 0 ? cut(s, "?;") : s.substring(0, slash);
        String db = slash < 0 ? "" : cut(s.substring(slash + 1), "?;");
        hosts = stripUserInfo(hosts);
        int comma = hosts.indexOf(',');
        return new String[] {comma < 0 ? hosts : hosts.substring(0, comma), db};
    }

    private static String stripUserInfo(String hosts) {
        int at = hosts.lastIndexOf('@');
        return at < 0 ? hosts : hosts.substring(at + 1);
    }

    /** H2, HSQLDB, Derby and SQLite: {@code mem:name}, {@code file:/path/name}, {@code tcp://host/path/name}. */
    private static String[] local(String s) {
        String body = cut(s, ";?");
        String server = "";
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp://") || lower.startsWith("ssl://") || lower.startsWith("hsql://")
                || lower.startsWith("//")) {
            String t = body.substring(body.indexOf("//") + 2);
            int slash = t.indexOf('/');
            server = slash < 0 ? t : t.substring(0, slash);
            body = slash < 0 ? "" : t.substring(slash + 1);
        } else {
            int colon = body.indexOf(':');
            if (colon > 0 && colon < 6 && body.substring(0, colon).chars().allMatch(Character::isLetter)) {
                body = body.substring(colon + 1); // mem:, file:, res:, memory:
            }
        }
        int slash = Math.max(body.lastIndexOf('/'), body.lastIndexOf('\\'));
        return new String[] {server, slash < 0 ? body : body.substring(slash + 1)};
    }

    private static String param(String s, String name) {
        for (String part : s.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return "";
    }

    private static String cut(String s, String stops) {
        for (int i = 0; i < s.length(); i++) {
            if (stops.indexOf(s.charAt(i)) >= 0) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    /** A namespace is a label value: plain characters only, bounded. */
    private static String clean(String namespace) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < namespace.length() && b.length() < 64; i++) {
            char c = namespace.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '$') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String redact(String url) {
        // jdbc:mysql://user:secret@host/db is not a "scheme://user:pw@" URL for the generic pattern: strip it here.
        String r = url.replaceAll("//([^/@\\s:]*):[^/@\\s]*@", "//$1:****@");
        return Redaction.text(r);
    }
}
