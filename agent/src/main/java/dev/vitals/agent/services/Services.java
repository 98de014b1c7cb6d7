package dev.vitals.agent.services;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.metrics.MetricDescriptor;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.bootstrap.http.ClientHooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * External services as one feature: the {@link ServiceTable}, a {@link ServiceState} (breaker view) per service,
 * the outbound-call recorder that HTTP-client and mail advice report to, Resilience4j breakers, the service
 * health checks, {@code /health/circuit-breakers} and the {@code vitals_circuit_breaker_state} gauge.
 *
 * <p>Installed once per agent by {@link ServicesFeature}, whichever of the httpclient, mail and resilience4j modules
 * are enabled. Nothing starts while it is wired: the checks start in the feature's start step, on the agent's
 * background thread.
 */
public final class Services {
    public static final String HTTP_DURATION = "http_client_request_duration_seconds";
    public static final String MAIL_DURATION = "vitals_mail_send_duration_seconds";
    public static final String EMAIL = "email";

    private final AgentContext context;
    private final ServiceTable table;
    private final TimerFamily calls;
    private final TimerFamily failures;
    private final ConcurrentHashMap<String, ServiceState> states = new ConcurrentHashMap<>();
    private final Map<String, String> checkUrls;
    private final String smtp;
    private final int failureThreshold;
    private final long recoveryMillis;
    private final long slowCallMillis;
    private final int serviceLimit;
    private final Resilience4jBreakers resilience4j = new Resilience4jBreakers();
    private volatile boolean started;

    private Services(AgentContext context) {
        this.context = context;
        Config config = context.config();
        List<String> warnings = new ArrayList<>();
        Map<String, Map<Integer, String>> hosts = ServiceTable.parseHosts(config.get(Keys.SERVICES_HOSTS), warnings);
        this.checkUrls = parseChecks(config.get(Keys.SERVICES_CHECKS), warnings);
        this.smtp = config.get(Keys.SERVICES_SMTP);
        for (String w : warnings) {
            Log.warn(w);
        }
        this.failureThreshold = config.get(Keys.SERVICES_BREAKER_FAILURES);
        this.recoveryMillis = config.get(Keys.SERVICES_BREAKER_RECOVERY);
        this.slowCallMillis = config.get(Keys.SERVICES_BREAKER_SLOW_CALL);
        int hostLimit = config.get(Keys.LIMIT_HOSTS);
        this.serviceLimit = hostLimit + 64;
        // Internal families: the breaker view reads them, Prometheus does not.
        this.calls = context.registry().internalTimerFamily("vitals_service_calls", serviceLimit, "service");
        this.failures = context.registry().internalTimerFamily("vitals_service_failures", serviceLimit, "service");
        this.table = new ServiceTable(hosts, hostLimit, this::state);
    }

    /** Builds the feature of this agent and installs it: hooks, metric families, endpoints. Called once. */
    static Services install(AgentContext context) {
        Services s = new Services(context);
        s.installHooks();
        return s;
    }

    private void installHooks() {
        MetricRegistry registry = context.registry();
        int hostLimit = context.config().get(Keys.LIMIT_HOSTS);
        // Per host a few methods and statuses; the family's own cap is a second fence.
        TimerFamily http = registry.timerFamily(HTTP_DURATION, hostLimit * 16 + 64,
                "server_address", "peer_service", "http_request_method", "http_response_status_code", "error_type");
        TimerFamily mail = registry.timerFamily(MAIL_DURATION, 64, "server_address", "peer_service", "error_type");
        context.registryMetrics().describe(HTTP_DURATION, new MetricDescriptor("Duration of outbound HTTP client requests.",
                "seconds", MetricDescriptor.DURATION_BUCKETS));
        context.registryMetrics().describe(MAIL_DURATION, new MetricDescriptor("Duration of outbound mail sends (SMTP).",
                "seconds", MetricDescriptor.DURATION_BUCKETS));
        context.addMetricsSource(new BreakerMetrics(this));
        CircuitBreakerEndpoint endpoint = new CircuitBreakerEndpoint(context, this);
        context.stream().registerGroup("circuit-breakers", endpoint.streamGroup());
        context.health().addScore("circuit-breakers", endpoint::score);
        context.addEndpoints(endpoint);
        ClientHooks.install(new OutboundRecorder(this, table, http, mail,
                new ErrorTypes(context.config().get(Keys.LIMIT_ERROR_TYPES))));
    }

    /** The configured checks and passive service checks; on the agent's background thread. */
    synchronized void startBackground() {
        if (started) {
            return;
        }
        started = true;
        long interval = context.config().get(Keys.SERVICES_CHECK_INTERVAL);
        long timeout = context.config().get(Keys.SERVICES_CHECK_TIMEOUT);
        String method = context.config().get(Keys.SERVICES_CHECK_METHOD).toUpperCase(Locale.ROOT);
        for (Map.Entry<String, String> e : checkUrls.entrySet()) {
            context.health().register(new ServiceCheck(e.getKey(), e.getValue(), method, interval, timeout, state(e.getKey())));
        }
        if (!smtp.isEmpty()) {
            context.health().register(new SmtpCheck(smtp, interval, timeout, state(EMAIL)));
        }
        // "PayPal configured": well-known services whose client library the application ships.
        for (String service : LibraryDetection.detect(ClassLoader.getSystemClassLoader())) {
            registerPassive(service);
        }
        for (ServiceState s : states.values()) {
            if (s.named()) {
                registerPassive(s.name());
            }
        }
    }

    private void registerPassive(String service) {
        if (checkUrls.containsKey(service) || (EMAIL.equals(service) && !smtp.isEmpty())
                || context.health().registry().contains(service)) {
            return;
        }
        context.health().register(new PassiveServiceCheck(service, this));
    }

    /** The state of a service, created on first use; named services also get a health check. */
    ServiceState state(String service) {
        ServiceState s = states.get(service);
        if (s != null) {
            return s;
        }
        boolean[] created = new boolean[1];
        s = states.computeIfAbsent(service, name -> {
            created[0] = true;
            boolean named = !name.equals(ServiceTable.OTHER) && (table == null || table.knownServiceNames().contains(name)
                    || EMAIL.equals(name) || checkUrls.containsKey(name));
            return new ServiceState(name, named, failureThreshold, recoveryMillis, slowCallMillis,
                    System::currentTimeMillis, calls.get(name), failures.get(name));
        });
        if (created[0] && s.named() && started) {
            registerPassive(service);
        }
        return s;
    }

    /** The state of {@code service} if Vitals has one, else null. */
    public ServiceState find(String service) {
        return states.get(service);
    }

    /** Every service state, by name. */
    public List<ServiceState> all() {
        List<ServiceState> list = new ArrayList<>(states.values());
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return list;
    }

    public Resilience4jBreakers resilience4j() {
        return resilience4j;
    }

    String checkUrl(String service) {
        return checkUrls.get(service);
    }

    AgentContext context() {
        return context;
    }

    /**
     * Parses {@code service=URL} entries separated by {@code ;}, {@code ,} or white space. Only http and https
     * URLs are accepted. A URL's query string and user info are kept for the request but never shown.
     */
    static Map<String, String> parseChecks(String raw, List<String> warnings) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        if (raw == null) {
            return result;
        }
        for (String entry : raw.split("[;,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String service = eq > 0 ? entry.substring(0, eq).trim() : "";
            String url = eq > 0 ? entry.substring(eq + 1).trim() : "";
            String lower = url.toLowerCase(Locale.ROOT);
            if (!ServiceTable.validServiceName(service) || !(lower.startsWith("http://") || lower.startsWith("https://"))) {
                warnings.add("services.checks: entry for '" + (eq > 0 ? service : "?")
                        + "' is not service=http(s)://host/path; it is ignored");
                continue;
            }
            try {
                java.net.URI.create(url);
            } catch (IllegalArgumentException e) {
                warnings.add("services.checks: the URL for '" + service + "' is not a valid URI; it is ignored");
                continue;
            }
            result.put(service, url);
        }
        return result;
    }

    /** The dashboard's names: "Stripe", "PayPal", "Email service"; other services by their name. */
    static String displayName(String service) {
        switch (service) {
            case "stripe":
                return "Stripe";
            case "paypal":
                return "PayPal";
            case EMAIL:
                return "Email service";
            default:
                return service;
        }
    }
}
