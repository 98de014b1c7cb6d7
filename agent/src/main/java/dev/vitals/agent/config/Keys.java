package dev.vitals.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key Vitals knows, with its type, default and whether it is a secret. */
public final class Keys {
    private static final List<ConfigKey<?>> ALL = new ArrayList<>();

    public static final ConfigKey<String> SERVICE_NAME = string("service.name", "",
            "service name; empty means derived: on Tomcat or WildFly the one deployed application, else the server's directory; elsewhere the main class or jar");
    public static final ConfigKey<String> SERVICE_VERSION = string("service.version", "", "service version");
    public static final ConfigKey<String> ENVIRONMENT = string("environment", "production", "deployment environment");

    public static final ConfigKey<String> EXPORTER_HOST = string("exporter.host", "0.0.0.0", "listener address");
    public static final ConfigKey<Integer> EXPORTER_PORT = key("exporter.port", Parsers.intRange(0, 65535), 9715,
            "listener port; 0 picks a free port");
    public static final ConfigKey<Long> EXPORTER_START_WAIT = key("exporter.start.wait", Parsers.durationMillis(0, 120_000), 15_000L,
            "longest the listener and the background work wait for the application's start to end (class loading quiet); while a web server is created but not started the start is on, at most a minute, and once it has started the wait ends within 5 s; 0 starts them at once");
    public static final ConfigKey<Integer> EXPORTER_WORKER_THREADS = key("exporter.worker.threads", Parsers.intRange(1, 64), 2,
            "worker threads of the listener");
    public static final ConfigKey<Integer> EXPORTER_MAX_CONNECTIONS = key("exporter.max.connections",
            Parsers.intRange(16, 100_000), 512, "open connections the listener holds; past it the oldest idle one is closed");
    public static final ConfigKey<Integer> EXPORTER_MAX_CONNECTIONS_PER_CLIENT = key("exporter.max.connections.per.client",
            Parsers.intRange(1, 100_000), 64, "open connections the listener holds from one client address");
    public static final ConfigKey<String> EXPORTER_ALLOWED_ORIGINS = string("exporter.allowed.origins", "",
            "comma-separated web origins whose pages may write and open the stream; * for any");
    public static final ConfigKey<Double> EXPORTER_RATE_LIMIT = key("exporter.rate.limit", Parsers.doubleRange(0, 100_000),
            20.0, "requests a second each client address may send (probes excepted); 0 turns the limit off");
    public static final ConfigKey<Integer> EXPORTER_RATE_BURST = key("exporter.rate.burst", Parsers.intRange(1, 100_000), 50,
            "requests a client address may send at once before exporter.rate.limit applies");
    public static final ConfigKey<Boolean> EXPORTER_RATE_LIMIT_LOOPBACK = key("exporter.rate.limit.loopback",
            Parsers.BOOLEAN, false, "whether loopback clients are rate-limited too");
    public static final ConfigKey<String> EXPORTER_TLS_CERT = string("exporter.tls.cert", "",
            "PEM certificate file (then its chain) for HTTPS on the listener; empty serves plain HTTP");
    public static final ConfigKey<String> EXPORTER_TLS_KEY = string("exporter.tls.key", "",
            "PEM private key file (unencrypted PKCS#8) of exporter.tls.cert");
    public static final ConfigKey<String> AUTH_TOKEN = secret("auth.token",
            "bearer token for protected endpoints; empty means loopback clients only");
    public static final ConfigKey<String> AUTH_SCOPE = key("auth.scope", Parsers.oneOf("sensitive", "all"), "sensitive",
            "what the token protects: sensitive endpoints, or all but the probes");

    public static final ConfigKey<Long> WINDOW = key("window", Parsers.durationMillis(10_000, 900_000), 300_000L,
            "default window of windowed figures");
    public static final ConfigKey<String> LOG_LEVEL = key("log.level", Parsers.oneOf("error", "warn", "info", "debug"), "info",
            "agent log level");
    public static final ConfigKey<String> LOG_FILE = string("log.file", "", "agent log file; empty means stderr");
    public static final ConfigKey<String> DATA_DIR = string("data.dir", "vitals-data", "directory for persisted state");
    public static final ConfigKey<Boolean> STRICT = key("strict", Parsers.BOOLEAN, false,
            "refuse to start the agent when the configuration has warnings");
    public static final ConfigKey<String> CONFIG_FILE = string("config.file", "vitals.properties", "properties file");

    public static final ConfigKey<Long> STARTUP_WAIT = key("instrumentation.startup.wait", Parsers.durationMillis(0, 60_000),
            dev.vitals.agent.instrumentation.StartupGate.DEFAULT_WAIT_MILLIS,
            "longest a server class waits to load while instrumentation is installed in the background");
    public static final ConfigKey<String> INSTRUMENTATION_WEAVER = key("instrumentation.weaver",
            Parsers.oneOf("vitals", "byte-buddy"), "vitals",
            "what copies advice into application classes: the agent's own weaver, or Byte Buddy's Advice (slower to start)");
    public static final ConfigKey<Boolean> INSTRUMENTATION_SERVLET = enabled("servlet");
    public static final ConfigKey<Boolean> INSTRUMENTATION_JDBC = enabled("jdbc");
    public static final ConfigKey<Boolean> INSTRUMENTATION_POOL = enabled("pool");
    public static final ConfigKey<Boolean> INSTRUMENTATION_JEDIS = enabled("jedis");
    public static final ConfigKey<Boolean> INSTRUMENTATION_LETTUCE = enabled("lettuce");
    public static final ConfigKey<Boolean> INSTRUMENTATION_HTTPCLIENT = enabled("httpclient");
    public static final ConfigKey<Boolean> INSTRUMENTATION_MAIL = enabled("mail");
    public static final ConfigKey<Boolean> INSTRUMENTATION_JAXRS = enabled("jaxrs");
    public static final ConfigKey<Boolean> INSTRUMENTATION_CAFFEINE = enabled("caffeine");
    public static final ConfigKey<Boolean> INSTRUMENTATION_GUAVA = enabled("guava");
    public static final ConfigKey<Boolean> INSTRUMENTATION_EHCACHE = enabled("ehcache");
    public static final ConfigKey<Boolean> INSTRUMENTATION_JCACHE = enabled("jcache");
    public static final ConfigKey<Boolean> INSTRUMENTATION_SPRING_CACHE = enabled("springcache");
    public static final ConfigKey<Boolean> INSTRUMENTATION_REACTIVE = enabled("reactive");

    public static final ConfigKey<Integer> LIMIT_ROUTES = key("limits.routes", Parsers.intRange(1, 10_000), 200,
            "maximum number of distinct routes; the rest go to _other");
    public static final ConfigKey<Integer> LIMIT_SQL = key("limits.sql", Parsers.intRange(1, 10_000), 200,
            "maximum number of distinct SQL operation/table pairs");
    public static final ConfigKey<Integer> LIMIT_KEYSPACES = key("limits.keyspaces", Parsers.intRange(1, 10_000), 100,
            "maximum number of distinct Redis keyspaces");
    public static final ConfigKey<Integer> LIMIT_CACHES = key("limits.caches", Parsers.intRange(1, 10_000), 100,
            "maximum number of distinct in-process cache names; the rest go to _other");
    public static final ConfigKey<Integer> LIMIT_HOSTS = key("limits.hosts", Parsers.intRange(1, 10_000), 50,
            "maximum number of distinct outbound hosts");
    public static final ConfigKey<Integer> LIMIT_STATEMENTS = key("limits.statements", Parsers.intRange(1, 100_000), 500,
            "maximum number of distinct reduced statements in /health/database/statements; the rest count as _other per data source");
    public static final ConfigKey<Integer> LIMIT_ERROR_TYPES = key("limits.error.types", Parsers.intRange(1, 10_000), 50,
            "maximum number of distinct exception classes as error_type of server requests (the rest go to _other) and, separately, of outbound calls (the rest go to other)");
    public static final ConfigKey<Integer> LIMIT_TENANTS = key("limits.tenants", Parsers.intRange(1, 100_000), 100,
            "maximum number of distinct tenants");

    public static final ConfigKey<Long> SLOW_THRESHOLD = key("slow.threshold", Parsers.durationMillis(0, 3_600_000), 1000L,
            "requests at least this slow are kept as slow requests; 0 keeps every request (for debugging: each one then takes a lock)");

    public static final ConfigKey<Double> LIVENESS_HEAP_FRACTION = key("health.live.heap.fraction", Parsers.doubleRange(0.5, 1.0), 0.98,
            "heap used after GC above this fraction of max counts as exhausted");
    public static final ConfigKey<Long> LIVENESS_HEAP_DURATION = key("health.live.heap.duration", Parsers.durationMillis(0, 3_600_000), 60_000L,
            "how long the heap must stay exhausted before liveness fails");

    public static final ConfigKey<String> HEALTH_CRITICAL = string("health.critical", "databases",
            "checks whose failure makes the service unhealthy and not ready: names, or 'databases' for every database");
    public static final ConfigKey<Boolean> HEALTH_READY_SERVER = key("health.ready.server", Parsers.BOOLEAN, true,
            "readiness waits until the application's web server has started");
    public static final ConfigKey<Integer> HEALTH_FAILURE_THRESHOLD = key("health.breaker.failures", Parsers.intRange(1, 1000), 5,
            "consecutive check failures that open a check's circuit breaker");
    public static final ConfigKey<Long> HEALTH_RECOVERY = key("health.breaker.recovery", Parsers.durationMillis(0, 3_600_000), 60_000L,
            "time an open breaker waits before its half-open trial");
    public static final ConfigKey<Long> HEALTH_SAMPLE_INTERVAL = key("health.sample.interval", Parsers.durationMillis(100, 600_000), 10_000L,
            "how often the aggregate status is sampled for availability");
    public static final ConfigKey<Boolean> HEALTH_PERFORMANCE_ENABLED = key("health.performance.enabled", Parsers.BOOLEAN, true,
            "the performance check: error rate and p95 over their budget, or a critical alert firing, make the service degraded");
    public static final ConfigKey<Long> HEALTH_PERFORMANCE_WINDOW = key("health.performance.window", Parsers.durationMillis(5_000, 900_000), 60_000L,
            "window of the request figures the performance check judges");
    public static final ConfigKey<Integer> HEALTH_PERFORMANCE_MIN_REQUESTS = key("health.performance.min.requests",
            Parsers.intRange(1, 1_000_000), 20, "fewer requests in the performance window are too few to judge error rate and p95");

    // Memory: /health/memory and the leak analysis it shares with the memory_leak_rate alert subject.
    public static final ConfigKey<Long> MEMORY_SAMPLE_INTERVAL = key("memory.sample.interval", Parsers.durationMillis(100, 600_000), 10_000L,
            "how often the heap left after GC is sampled for the leak analysis");
    public static final ConfigKey<Long> MEMORY_LEAK_WINDOW = key("memory.leak.window", Parsers.durationMillis(10_000, 86_400_000), 1_800_000L,
            "window over which after-GC heap growth is measured; the rate is known once half of it is covered");
    public static final ConfigKey<Double> MEMORY_LEAK_RATE = key("memory.leak.rate", Parsers.doubleRange(0.01, 100_000), 5.0,
            "heap growth after GC in MB/min that suggests a memory leak (the verdict of /health/memory and the default leak rule)");

    // HTTP server requests (servlet instrumentation, routes, tenants, slow requests)
    public static final ConfigKey<String> TENANT_HEADER = string("tenant.header", "",
            "request header naming the tenant (organisation), e.g. X-Organization-Id; empty means tenants are off");
    public static final ConfigKey<String> TENANT_ATTRIBUTE = string("tenant.attribute", "",
            "request attribute naming the tenant, read when the header is absent; empty means none");
    public static final ConfigKey<String> ROUTE_ATTRIBUTE = string("http.route.attribute", "",
            "request attribute holding a route template set by the application or a framework filter "
                    + "(Spring MVC's best-matching pattern is always read)");
    public static final ConfigKey<Integer> SLOW_CAPACITY = key("slow.capacity", Parsers.intRange(1, 1000), 50,
            "how many of the slowest recent requests are kept");
    public static final ConfigKey<Boolean> TESTING_FAIL_RECORDING = key("testing.fail.recording", Parsers.BOOLEAN, false,
            "TEST ONLY: make every servlet recording throw, to show that requests still succeed");

    // Performance budgets.
    public static final ConfigKey<Long> BUDGET_P95 = key("budget.p95", Parsers.durationMillis(1, 3_600_000), 1000L,
            "budget for the p95 response time");
    public static final ConfigKey<Long> BUDGET_AVERAGE = key("budget.average", Parsers.durationMillis(1, 3_600_000), 500L,
            "budget for the average response time");
    public static final ConfigKey<Double> BUDGET_ERROR_RATE = key("budget.error.rate", Parsers.doubleRange(0, 100), 5.0,
            "budget for the error rate, in percent");
    public static final ConfigKey<Long> BUDGET_MEMORY = key("budget.memory", Parsers.bytes(1 << 20, 1L << 40), 512L << 20,
            "budget for heap memory used");
    public static final ConfigKey<Double> BUDGET_AVAILABILITY = key("budget.availability", Parsers.doubleRange(0, 100), 99.9,
            "availability target, in percent of time not unhealthy");
    public static final ConfigKey<Long> BUDGET_AVAILABILITY_WINDOW = key("budget.availability.window",
            Parsers.durationMillis(60_000, 90L * 24 * 3_600_000), 24L * 3_600_000,
            "how far back availability is measured");

    // Databases: JDBC statements, pools, the database check (issue 4).
    public static final ConfigKey<Long> DATABASE_SLOW_THRESHOLD = key("database.slow.threshold", Parsers.durationMillis(1, 3_600_000), 100L,
            "statements slower than this are kept (sanitised) as slow queries");
    public static final ConfigKey<Integer> DATABASE_SLOW_CAPACITY = key("database.slow.capacity", Parsers.intRange(1, 1000), 50,
            "how many recent slow queries are kept");
    public static final ConfigKey<Integer> DATABASE_SQL_CACHE = key("database.sql.cache", Parsers.intRange(16, 100_000), 2000,
            "distinct SQL texts remembered per data source (twice this at most) so they are parsed once");
    public static final ConfigKey<Long> HEALTH_DATABASE_INTERVAL = key("health.database.interval", Parsers.durationMillis(500, 3_600_000), 15_000L,
            "how often each database health check runs");
    public static final ConfigKey<Long> HEALTH_DATABASE_TIMEOUT = key("health.database.timeout", Parsers.durationMillis(100, 60_000), 2_000L,
            "time limit of one database health check (getConnection plus Connection.isValid)");

    // Redis and cache analytics (issue 5).
    public static final ConfigKey<String> CACHE_KEYSPACES = string("cache.keyspaces", "",
            "named keyspaces checked before the default rule: NAME=prefix pairs separated by commas, "
                    + "e.g. USER_PROFILE=user:profile:,LEADERBOARD=lb:");
    public static final ConfigKey<String> CACHE_KEYSPACE_DELIMITERS = string("cache.keyspace.delimiters", ":",
            "characters that separate key segments for the default keyspace rule");
    public static final ConfigKey<Integer> CACHE_KEYSPACE_SEGMENTS = key("cache.keyspace.segments", Parsers.intRange(1, 16), 3,
            "at most this many leading segments form a keyspace (default rule: segments before the first id-like one)");
    public static final ConfigKey<Long> REDIS_HEALTH_INTERVAL = key("redis.health.interval", Parsers.durationMillis(200, 3_600_000), 15_000L,
            "how often the Redis check PINGs each server the clients use");
    public static final ConfigKey<Long> REDIS_HEALTH_TIMEOUT = key("redis.health.timeout", Parsers.durationMillis(50, 60_000), 2_000L,
            "timeout of the Redis check (connect, PING and INFO, per server)");

    // External services: HTTP clients, mail, breakers, service checks (issue 6).
    public static final ConfigKey<String> SERVICES_HOSTS = string("services.hosts", "",
            "extra host-to-service names, host[:port]=service, separated by ';' (agent arguments), ',' or spaces, "
                    + "e.g. payments.internal=stripe;127.0.0.1:8089=paypal; added to the built-in table");
    public static final ConfigKey<Integer> SERVICES_BREAKER_FAILURES = key("services.breaker.failures",
            Parsers.intRange(1, 1000), 5, "consecutive failed calls that open a service's circuit-breaker view");
    public static final ConfigKey<Long> SERVICES_BREAKER_RECOVERY = key("services.breaker.recovery",
            Parsers.durationMillis(100, 3_600_000), 60_000L,
            "time an open service breaker waits before one trial call half-opens it");
    public static final ConfigKey<Long> SERVICES_BREAKER_SLOW_CALL = key("services.breaker.slow.call",
            Parsers.durationMillis(1, 3_600_000), 10_000L,
            "a call slower than this counts as a failure for the breaker view");
    public static final ConfigKey<String> SERVICES_CHECKS = string("services.checks", "",
            "check URL per service, service=URL, separated by ';' (agent arguments), ',' or spaces, "
                    + "e.g. stripe=https://api.stripe.com/healthcheck");
    public static final ConfigKey<String> SERVICES_CHECK_METHOD = key("services.check.method", Parsers.oneOf("head", "get"),
            "head", "HTTP method of service checks");
    public static final ConfigKey<Long> SERVICES_CHECK_INTERVAL = key("services.check.interval",
            Parsers.durationMillis(100, 3_600_000), 30_000L, "interval of service and SMTP checks");
    public static final ConfigKey<Long> SERVICES_CHECK_TIMEOUT = key("services.check.timeout",
            Parsers.durationMillis(100, 600_000), 10_000L, "timeout of one service or SMTP check");
    public static final ConfigKey<String> SERVICES_SMTP = string("services.smtp", "",
            "SMTP server checked for the email service, host[:port] (port 25 by default): TCP connect and banner, no mail");
    public static final ConfigKey<Boolean> INSTRUMENTATION_RESILIENCE4J = enabled("resilience4j");

    // Alerts and notifiers (issue 8).
    public static final ConfigKey<Boolean> ALERTS_ENABLED = key("alerts.enabled", Parsers.BOOLEAN, true,
            "evaluate alert rules and send notifications");
    public static final ConfigKey<Long> ALERTS_INTERVAL = key("alerts.interval", Parsers.durationMillis(100, 3_600_000), 15_000L,
            "how often alert rules are evaluated");
    public static final ConfigKey<Long> ALERTS_WINDOW = key("alerts.window", Parsers.durationMillis(1_000, 900_000), 300_000L,
            "window of the request figures (percentiles, error rate, throughput) that alert rules compare");
    public static final ConfigKey<Integer> ALERTS_MIN_REQUESTS = key("alerts.min.requests", Parsers.intRange(1, 1_000_000), 10,
            "fewer requests in alerts.window make response-time and error-rate rules see no data, which changes no alert state");
    public static final ConfigKey<Integer> ALERTS_HISTORY_LIMIT = key("alerts.history.limit", Parsers.intRange(1, 100_000), 1000,
            "alerts kept in the history; the oldest are dropped");
    public static final ConfigKey<Integer> ALERTS_RULES_LIMIT = key("alerts.rules.limit", Parsers.intRange(1, 10_000), 500,
            "maximum number of alert rules");
    public static final ConfigKey<Boolean> ALERTS_DEFAULTS = key("alerts.defaults", Parsers.BOOLEAN, true,
            "create the default rules (response time, error rate, memory, emergency) on first start");
    public static final ConfigKey<Long> ALERTS_COOLDOWN = key("alerts.cooldown", Parsers.durationMillis(0, 86_400_000), 1_800_000L,
            "cooldown of a rule posted without cooldownPeriod");
    public static final ConfigKey<Long> ALERTS_RESPONSE_WARNING = key("alerts.response.warning", Parsers.durationMillis(1, 3_600_000), 1000L,
            "default rule: p95 response time for a warning");
    public static final ConfigKey<Long> ALERTS_RESPONSE_CRITICAL = key("alerts.response.critical", Parsers.durationMillis(1, 3_600_000), 2000L,
            "default rule: p95 response time for a critical alert");
    public static final ConfigKey<Double> ALERTS_ERROR_RATE_WARNING = key("alerts.error.rate.warning", Parsers.doubleRange(0, 100), 5.0,
            "default rule: error rate in percent for a warning");
    public static final ConfigKey<Double> ALERTS_ERROR_RATE_CRITICAL = key("alerts.error.rate.critical", Parsers.doubleRange(0, 100), 10.0,
            "default rule: error rate in percent for a critical alert");
    public static final ConfigKey<Long> ALERTS_MEMORY_WARNING = key("alerts.memory.warning", Parsers.bytes(1 << 20, 1L << 40), 512L << 20,
            "default rule: heap used for a warning");
    public static final ConfigKey<Long> ALERTS_MEMORY_CRITICAL = key("alerts.memory.critical", Parsers.bytes(1 << 20, 1L << 40), 768L << 20,
            "default rule: heap used for a critical alert");
    public static final ConfigKey<Double> ALERTS_MEMORY_PERCENT = key("alerts.memory.percent", Parsers.doubleRange(1, 100), 90.0,
            "default rule: heap used in percent of max for an emergency");
    public static final ConfigKey<Double> ALERTS_LEAK_RATE = key("alerts.leak.rate", Parsers.doubleRange(0.01, 100_000), 5.0,
            "former name of memory.leak.rate, read when that is not set");
    public static final ConfigKey<Long> ALERTS_LEAK_WINDOW = key("alerts.leak.window", Parsers.durationMillis(10_000, 86_400_000), 1_800_000L,
            "former name of memory.leak.window, read when that is not set");
    public static final ConfigKey<Integer> ALERTS_EMERGENCY_DEPENDENCIES = key("alerts.emergency.dependencies", Parsers.intRange(1, 100), 2,
            "dependencies unhealthy at once that raise the emergency alert");
    public static final ConfigKey<String> ALERTS_EXTERNAL_URL = string("alerts.external.url", "",
            "base URL of this agent used in notifications (Alertmanager generatorURL); empty means http://<host>:<port>");
    public static final ConfigKey<String> ALERTS_WEBHOOK_URL = secret("alerts.webhook.url",
            "generic webhook receiving alert JSON (Standard Webhooks signed when alerts.webhook.secret is set)");
    public static final ConfigKey<String> ALERTS_WEBHOOK_SECRET = secret("alerts.webhook.secret",
            "Standard Webhooks signing secret, whsec_<base64> or raw text");
    public static final ConfigKey<String> ALERTS_SLACK_URL = secret("alerts.slack.url", "Slack incoming-webhook URL");
    public static final ConfigKey<String> ALERTS_ALERTMANAGER_URL = secret("alerts.alertmanager.url",
            "Alertmanager base URL, e.g. http://alertmanager:9093; alerts go to /api/v2/alerts");
    public static final ConfigKey<Long> ALERTS_ALERTMANAGER_RESEND = key("alerts.alertmanager.resend", Parsers.durationMillis(100, 3_600_000), 60_000L,
            "how often a firing alert is re-sent to Alertmanager");
    public static final ConfigKey<String> ALERTS_EMAIL_HOST = string("alerts.email.host", "",
            "SMTP server for alert mail; empty means no mail");
    public static final ConfigKey<Integer> ALERTS_EMAIL_PORT = key("alerts.email.port", Parsers.intRange(1, 65535), 587,
            "SMTP port (587 for starttls, 465 for smtps)");
    public static final ConfigKey<String> ALERTS_EMAIL_TLS = key("alerts.email.tls", Parsers.oneOf("starttls", "smtps", "none"),
            "starttls", "starttls (required upgrade), smtps (implicit TLS) or none");
    public static final ConfigKey<String> ALERTS_EMAIL_USERNAME = secret("alerts.email.username", "SMTP user; empty means no AUTH");
    public static final ConfigKey<String> ALERTS_EMAIL_PASSWORD = secret("alerts.email.password", "SMTP password");
    public static final ConfigKey<String> ALERTS_EMAIL_FROM = string("alerts.email.from", "vitals@localhost", "sender address of alert mail");
    public static final ConfigKey<String> ALERTS_EMAIL_TO = string("alerts.email.to", "",
            "comma-separated addresses that get every alert, besides each rule's recipients");
    public static final ConfigKey<String> ALERTS_EMAIL_TRUSTSTORE = string("alerts.email.truststore", "",
            "trust store (PKCS12 or JKS) for the SMTP server's certificate; empty means the JVM's default");
    public static final ConfigKey<String> ALERTS_EMAIL_TRUSTSTORE_PASSWORD = secret("alerts.email.truststore.password",
            "password of alerts.email.truststore");
    public static final ConfigKey<Boolean> ALERTS_EMAIL_VERIFY_HOSTNAME = key("alerts.email.verify.hostname", Parsers.BOOLEAN, true,
            "check that the SMTP server's certificate names its host");
    public static final ConfigKey<String> ALERTS_WEBHOOK_SEVERITIES = severities("webhook");
    public static final ConfigKey<String> ALERTS_SLACK_SEVERITIES = severities("slack");
    public static final ConfigKey<String> ALERTS_EMAIL_SEVERITIES = severities("email");
    public static final ConfigKey<String> ALERTS_ALERTMANAGER_SEVERITIES = severities("alertmanager");
    public static final ConfigKey<Long> ALERTS_ESCALATION_AFTER = key("alerts.escalation.after",
            Parsers.durationMillis(0, 7L * 86_400_000), 0L,
            "a firing alert still unacknowledged this long after it fired is sent once more, to alerts.escalation.channels; 0 is off");
    public static final ConfigKey<String> ALERTS_ESCALATION_CHANNELS = key("alerts.escalation.channels",
            Parsers.listOf(true, "webhook", "slack", "email", "alertmanager"), "",
            "channels that receive escalations (whatever their severities), e.g. slack;email");
    public static final ConfigKey<Integer> ALERTS_NOTIFY_ATTEMPTS = key("alerts.notify.attempts", Parsers.intRange(1, 20), 4,
            "delivery attempts per notification and channel");
    public static final ConfigKey<Long> ALERTS_NOTIFY_BACKOFF = key("alerts.notify.backoff", Parsers.durationMillis(1, 600_000), 1000L,
            "first retry delay; doubled per attempt, with jitter");
    public static final ConfigKey<Long> ALERTS_NOTIFY_TIMEOUT = key("alerts.notify.timeout", Parsers.durationMillis(100, 120_000), 10_000L,
            "connect and request timeout of one delivery attempt");

    // History and reports (issue 10).
    public static final ConfigKey<Boolean> HISTORY_ENABLED = key("history.enabled", Parsers.BOOLEAN, true,
            "keep rollups of every timer, counter and system figure on disk under data.dir/history");
    public static final ConfigKey<Long> HISTORY_INTERVAL = key("history.interval", Parsers.durationMillis(5_000, 3_600_000), 60_000L,
            "length of one fine rollup; a multiple of 5s that divides history.coarse.interval");
    public static final ConfigKey<Long> HISTORY_FINE_RETENTION = key("history.fine.retention", Parsers.durationMillis(60_000, 90L * 86_400_000), 48L * 3_600_000,
            "how long fine rollups are kept");
    public static final ConfigKey<Long> HISTORY_COARSE_INTERVAL = key("history.coarse.interval", Parsers.durationMillis(10_000, 86_400_000), 3_600_000L,
            "length of one downsampled (coarse) rollup");
    public static final ConfigKey<Long> HISTORY_COARSE_RETENTION = key("history.coarse.retention", Parsers.durationMillis(3_600_000, 3650L * 86_400_000), 90L * 86_400_000,
            "how long coarse rollups are kept");
    public static final ConfigKey<Long> HISTORY_MAX_BYTES = key("history.max.bytes", Parsers.bytes(4 << 10, 1L << 40), 256L << 20,
            "disk budget of the history; the oldest segments are deleted first");
    public static final ConfigKey<String> HISTORY_GAUGES = string("history.gauges", "db_client_connection,vitals_cache_,vitals_circuit_breaker_,vitals_custom_",
            "name prefixes of gauges (from metric sources) kept in history, comma-separated; * for all, empty for none");
    public static final ConfigKey<Double> HISTORY_CAPACITY_REQUESTS = key("history.capacity.requests.per.minute", Parsers.doubleRange(0, 1e9), 0.0,
            "request rate the service can take, for the report's capacity hint; 0 means unknown");

    // Streaming and the dashboard page (issue 11).
    public static final ConfigKey<Long> STREAM_INTERVAL = key("stream.interval", Parsers.durationMillis(10, 3_600_000), 1_000L,
            "default update interval of WS /metrics/stream when the client gives none");
    public static final ConfigKey<Long> STREAM_INTERVAL_MIN = key("stream.interval.min", Parsers.durationMillis(10, 60_000), 250L,
            "shortest update interval a stream client gets; shorter requests are raised to it");
    public static final ConfigKey<Integer> STREAM_MAX_CONNECTIONS = key("stream.max.connections", Parsers.intRange(1, 1000), 16,
            "most WS /metrics/stream connections open at once; more get 429");
    public static final ConfigKey<Long> STREAM_MAX_PENDING = key("stream.max.pending", Parsers.bytes(1024, 64L << 20), 1L << 20,
            "bytes a stream client may leave unread before it is dropped");

    private Keys() {
    }

    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    public static Map<String, ConfigKey<?>> byName() {
        Map<String, ConfigKey<?>> map = new LinkedHashMap<>();
        for (ConfigKey<?> k : ALL) {
            map.put(k.name(), k);
        }
        return map;
    }

    private static <T> ConfigKey<T> key(String name, ValueParser<T> parser, T def, String description) {
        ConfigKey<T> k = new ConfigKey<>(name, parser, def, false, description);
        ALL.add(k);
        return k;
    }

    private static ConfigKey<String> string(String name, String def, String description) {
        return key(name, Parsers.STRING, def, description);
    }

    private static ConfigKey<String> secret(String name, String description) {
        ConfigKey<String> k = new ConfigKey<>(name, Parsers.STRING, "", true, description);
        ALL.add(k);
        return k;
    }

    private static ConfigKey<String> severities(String channel) {
        return key("alerts." + channel + ".severities", Parsers.listOf(false, "info", "warning", "critical", "emergency"),
                "info,warning,critical,emergency", "alert severities the " + channel + " channel receives, e.g. critical;emergency");
    }

    private static ConfigKey<Boolean> enabled(String instrumentation) {
        return key("instrumentation." + instrumentation + ".enabled", Parsers.BOOLEAN, true,
                "instrument " + instrumentation);
    }
}
