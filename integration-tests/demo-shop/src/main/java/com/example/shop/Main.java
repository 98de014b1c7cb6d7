package com.example.shop;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo shop: an ordinary web application with a database, a cache and a payment provider, written
 * without any knowledge of Vitals. Run it with {@code -javaagent:vitals-agent.jar} to see what the agent
 * finds on its own.
 *
 * <pre>
 * java -jar demo-shop.jar [--port=8080] [--db=h2|postgres] [--db-url=jdbc:...] [--redis=host:port|off]
 *                         [--traffic] [--traffic-rate=20] [--payment-outage-every=180] [--payment-outage-length=30]
 * </pre>
 * Environment: {@code DEMO_PORT}, {@code DEMO_DB} (h2|postgres), {@code DEMO_DB_URL}, {@code DEMO_DB_USER},
 * {@code DEMO_DB_PASSWORD}, {@code DEMO_REDIS}, {@code DEMO_TRAFFIC=true}. Flags win over the environment.
 */
public final class Main {
    /**
     * {@code /api/error} throws on purpose, and Tomcat logs every such exception with its stack trace; under
     * {@code --traffic} that would bury everything else on the console. Held strongly because
     * {@link Logger} keeps only weak references to configured loggers.
     */
    private static final Logger SERVLET_ERRORS =
            Logger.getLogger("org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[shop]");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("demo-shop: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }

        PaymentProvider provider = PaymentProvider.start();
        Database database = Database.open(options.dbUrl(), options.dbUser(), options.dbPassword());
        Cache cache = Cache.connect(options.redis());
        PaymentClient payments = new PaymentClient(provider.baseUri(), "sk_test_demo_shop");
        System.out.println("demo-shop database " + options.dbUrl());
        System.out.println("demo-shop redis " + (cache.enabled() ? options.redis() : "off (not configured or not reachable)"));
        System.out.println("demo-shop payment provider " + provider.baseUri());

        SERVLET_ERRORS.setLevel(Level.OFF);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("demo-shop-tomcat").toString());
        tomcat.setPort(options.port());
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "shop", new ShopServlet(database, cache, payments, provider));
        context.addServletMappingDecoded("", "shop");
        // One mapping per page, as a web.xml would list them: a path mapping's segments become placeholders in
        // the route (/api/products/42 gives /api/products/{id}), so /api/* would make every page /api/{value}.
        for (String exact : new String[] {"/api/products", "/api/orders", "/api/slow", "/api/error", "/admin/payment-outage"}) {
            context.addServletMappingDecoded(exact, "shop");
        }
        for (String byPath : new String[] {"/api/products/*", "/api/orders/*", "/api/cache/*"}) {
            context.addServletMappingDecoded(byPath, "shop");
        }
        tomcat.getConnector(); // creates the HTTP connector on the configured port
        tomcat.start();
        int port = tomcat.getConnector().getLocalPort();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (Exception e) {
                System.err.println("demo-shop: stopping Tomcat failed: " + e);
            }
            cache.close();
            database.close();
            provider.close();
        }, "demo-shop-shutdown"));

        System.out.println("demo-shop listening on http://localhost:" + port + "/");
        if (options.traffic()) {
            new TrafficGenerator(URI.create("http://localhost:" + port + "/"), options.trafficRate(), cache.enabled(),
                    provider, options.outageEvery(), options.outageLength()).start();
        }
        tomcat.getServer().await();
    }

    /** Command-line flags, falling back to {@code DEMO_*} environment variables. */
    record Options(int port, String dbUrl, String dbUser, String dbPassword, String redis, boolean traffic,
                   int trafficRate, Duration outageEvery, Duration outageLength) {
        static final String USAGE = "usage: java -jar demo-shop.jar [--port=8080] [--db=h2|postgres] [--db-url=jdbc:...]"
                + " [--db-user=U] [--db-password=P] [--redis=host:port|off] [--traffic] [--traffic-rate=20]"
                + " [--payment-outage-every=SECONDS] [--payment-outage-length=SECONDS]";
        static final String H2_URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
        static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

        static Options parse(String[] args, Map<String, String> env) {
            String port = env.getOrDefault("DEMO_PORT", "8080");
            String db = env.getOrDefault("DEMO_DB", "");
            String dbUrl = env.get("DEMO_DB_URL");
            String dbUser = env.get("DEMO_DB_USER");
            String dbPassword = env.getOrDefault("DEMO_DB_PASSWORD", "");
            String redis = env.getOrDefault("DEMO_REDIS", "127.0.0.1:6379");
            boolean traffic = Boolean.parseBoolean(env.getOrDefault("DEMO_TRAFFIC", "false"));
            String rate = "20";
            String outageEvery = "180";
            String outageLength = "30";
            for (String arg : args) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
                switch (name) {
                    case "--port" -> port = value;
                    case "--db" -> db = value;
                    case "--db-url" -> dbUrl = value;
                    case "--db-user" -> dbUser = value;
                    case "--db-password" -> dbPassword = value;
                    case "--redis" -> redis = value;
                    case "--traffic" -> traffic = value.isEmpty() || Boolean.parseBoolean(value);
                    case "--traffic-rate" -> rate = value;
                    case "--payment-outage-every" -> outageEvery = value;
                    case "--payment-outage-length" -> outageLength = value;
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (dbUrl == null || dbUrl.isEmpty()) {
                switch (db) {
                    case "", "h2" -> dbUrl = H2_URL;
                    case "postgres", "postgresql" -> dbUrl = POSTGRES_URL;
                    default -> throw new IllegalArgumentException("--db must be h2 or postgres, not " + db);
                }
            }
            if (dbUser == null) {
                dbUser = dbUrl.startsWith("jdbc:postgresql:") ? "postgres" : "sa";
            }
            return new Options(number("--port", port, 0, 65535), dbUrl, dbUser, dbPassword, redis, traffic,
                    number("--traffic-rate", rate, 1, 1000),
                    Duration.ofSeconds(number("--payment-outage-every", outageEvery, 0, 86_400)),
                    Duration.ofSeconds(number("--payment-outage-length", outageLength, 1, 3_600)));
        }

        private static int number(String name, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max + ", not '" + value + "'");
        }
    }
}
