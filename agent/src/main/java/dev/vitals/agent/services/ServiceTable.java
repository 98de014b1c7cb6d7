package dev.vitals.agent.services;

import dev.vitals.agent.metrics.SeriesFamily;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Maps an outbound call's host (and port) to a named service: a built-in table of payment and email providers,
 * extended by {@code services.hosts}. Other hosts are their own service, named by host, up to {@code limits.hosts}
 * distinct hosts; the rest share one {@code _other} target, so no label grows without bound.
 *
 * <p>Only the host and port are ever looked at: paths, query strings and headers never reach this table.
 *
 * <p>{@link #resolve} is lock-free and allocates nothing for a host seen before (one {@link ConcurrentHashMap}
 * lookup and, for hosts with port-specific entries, a scan of a tiny array). A new host takes the slow path
 * once. Thread-safe.
 */
public final class ServiceTable {
    public static final String OTHER = SeriesFamily.OTHER;

    /** Built-in hosts; sandbox hosts included. */
    static final Map<String, String> BUILT_IN;

    static {
        Map<String, String> m = new HashMap<>();
        for (String h : new String[] {"api.stripe.com", "files.stripe.com", "uploads.stripe.com", "connect.stripe.com"}) {
            m.put(h, "stripe");
        }
        for (String h : new String[] {"api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com",
            "api-m.sandbox.paypal.com", "ipnpb.paypal.com", "ipnpb.sandbox.paypal.com"}) {
            m.put(h, "paypal");
        }
        for (String h : new String[] {"api.sendgrid.com", "api.mailgun.net", "api.eu.mailgun.net", "api.postmarkapp.com",
            "api.mailjet.com", "api.sparkpost.com", "api.eu.sparkpost.com", "api.resend.com", "mandrillapp.com",
            "api.brevo.com", "api.sendinblue.com", "smtp.sendgrid.net", "smtp.mailgun.org", "smtp.postmarkapp.com"}) {
            m.put(h, "email");
        }
        BUILT_IN = Collections.unmodifiableMap(m);
    }

    private final Map<String, Map<Integer, String>> configured;
    private final int hostLimit;
    private final Function<String, ServiceState> states;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicInteger bareHosts = new AtomicInteger();
    private volatile Target other;

    /**
     * @param configured {@code host -> (port or -1 -> service)}, from {@link #parseHosts}
     * @param hostLimit  how many distinct bare hosts get their own series
     * @param states     the service state for a service name (created on first use)
     */
    public ServiceTable(Map<String, Map<Integer, String>> configured, int hostLimit, Function<String, ServiceState> states) {
        this.configured = configured;
        this.hostLimit = hostLimit;
        this.states = states;
    }

    /**
     * Parses {@code host[:port]=service} entries separated by {@code ;}, {@code ,} or white space. Host names are
     * lower-cased. A bad entry is reported through {@code warnings} and skipped.
     */
    public static Map<String, Map<Integer, String>> parseHosts(String raw, List<String> warnings) {
        Map<String, Map<Integer, String>> result = new LinkedHashMap<>();
        if (raw == null) {
            return result;
        }
        for (String entry : raw.split("[;,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String hostPort = eq > 0 ? entry.substring(0, eq).trim().toLowerCase(Locale.ROOT) : "";
            String service = eq > 0 ? entry.substring(eq + 1).trim() : "";
            if (hostPort.isEmpty() || !validServiceName(service)) {
                warnings.add("services.hosts: entry '" + entry + "' is not host[:port]=service (service: letters, digits, "
                        + "'.', '_', '-'); it is ignored");
                continue;
            }
            int port = -1;
            String host = hostPort;
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0 && hostPort.indexOf(']') < colon && hostPort.indexOf(':') == colon) {
                try {
                    port = Integer.parseInt(hostPort.substring(colon + 1));
                    host = hostPort.substring(0, colon);
                } catch (NumberFormatException e) {
                    port = -2;
                }
                if (port < 1 || port > 65535) {
                    warnings.add("services.hosts: entry '" + entry + "' has a bad port; it is ignored");
                    continue;
                }
            }
            result.computeIfAbsent(host, h -> new LinkedHashMap<>()).put(port, service);
        }
        return result;
    }

    static boolean validServiceName(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') || c > 127) {
                return false;
            }
        }
        return true;
    }

    /** The named service for a host from the built-in table or the configuration, or null for a bare host. */
    String namedService(String host, int port) {
        Map<Integer, String> byPort = configured.get(host);
        if (byPort != null) {
            String s = byPort.get(port);
            if (s == null) {
                s = byPort.get(-1);
            }
            if (s != null) {
                return s;
            }
        }
        String s = BUILT_IN.get(host);
        if (s != null) {
            return s;
        }
        // Amazon SES: email.<region>.amazonaws.com (API) and email-smtp.<region>.amazonaws.com (SMTP).
        if ((host.startsWith("email.") || host.startsWith("email-smtp.")) && host.endsWith(".amazonaws.com")) {
            return "email";
        }
        return null;
    }

    /** The target of a call to {@code host:port}; never null. */
    public Target resolve(String host, int port) {
        if (host == null || host.isEmpty()) {
            return otherTarget();
        }
        Entry e = cache.get(host);
        if (e != null) {
            Target t = e.forPort(port);
            if (t != null) {
                return t;
            }
        }
        return slowResolve(host, port);
    }

    private Target slowResolve(String host, int port) {
        String lower = host.toLowerCase(Locale.ROOT);
        Map<Integer, String> byPort = configured.get(lower);
        String service = namedService(lower, port);
        Target target;
        if (service != null) {
            target = new Target(lower, service, states.apply(service));
        } else {
            Entry known = cache.get(host);
            if (known == null) {
                if (bareHosts.incrementAndGet() > hostLimit) {
                    bareHosts.decrementAndGet();
                    return otherTarget();
                }
            }
            target = new Target(lower, lower, states.apply(lower));
        }
        // Port-specific entries: this target answers only for its port; the entry's default covers the rest.
        boolean portSpecific = byPort != null && byPort.containsKey(port);
        cache.compute(host, (h, old) -> {
            Entry base = old == null ? new Entry(null, new int[0], new Target[0]) : old;
            return portSpecific ? base.withPort(port, target) : new Entry(target, base.ports, base.targets);
        });
        return target;
    }

    private Target otherTarget() {
        Target t = other;
        if (t == null) {
            t = new Target(OTHER, OTHER, states.apply(OTHER));
            other = t;
        }
        return t;
    }

    /** Distinct bare hosts that have their own target (at most {@code limits.hosts}). */
    int bareHostCount() {
        return bareHosts.get();
    }

    /** The configured and built-in service names (whether or not they have been called). */
    public List<String> knownServiceNames() {
        List<String> names = new ArrayList<>();
        for (Map<Integer, String> byPort : configured.values()) {
            for (String s : byPort.values()) {
                if (!names.contains(s)) {
                    names.add(s);
                }
            }
        }
        for (String s : BUILT_IN.values()) {
            if (!names.contains(s)) {
                names.add(s);
            }
        }
        return names;
    }

    /** Where a call is recorded: the {@code server_address} and {@code peer_service} labels and the service state. */
    public static final class Target {
        public final String address;
        public final String service;
        public final ServiceState state;

        Target(String address, String service, ServiceState state) {
            this.address = address;
            this.service = service;
            this.state = state;
        }
    }

    /** A host's targets: one per configured port, and a default (null until a call on another port is seen). */
    private static final class Entry {
        final Target any;
        final int[] ports;
        final Target[] targets;

        Entry(Target any, int[] ports, Target[] targets) {
            this.any = any;
            this.ports = ports;
            this.targets = targets;
        }

        Target forPort(int port) {
            int[] p = ports;
            for (int i = 0; i < p.length; i++) {
                if (p[i] == port) {
                    return targets[i];
                }
            }
            return any;
        }

        Entry withPort(int port, Target target) {
            for (int p : ports) {
                if (p == port) {
                    return this;
                }
            }
            int[] np = java.util.Arrays.copyOf(ports, ports.length + 1);
            Target[] nt = java.util.Arrays.copyOf(targets, targets.length + 1);
            np[ports.length] = port;
            nt[ports.length] = target;
            return new Entry(any, np, nt);
        }
    }
}
