package dev.vitals.it.redis.app;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Child app: embedded Tomcat 10.1 with one request thread (so consecutive requests share one thread and its
 * request scope) calling Lettuce 6 (and Jedis 5 for pipelines). {@code PORT} is Redis' port.
 * <ul>
 *   <li>{@code /lettuce/get/{id}}: one sync, one async and one reactive GET of {@code breakdown:item:{id}},
 *       each awaited before the response.</li>
 *   <li>{@code /lettuce/batch/{id}}: a Jedis pipeline of three GETs and a transaction of two.</li>
 *   <li>{@code /lettuce/late/{id}}: dispatches an async {@code BLPOP} with a 300 ms timeout on its own
 *       connection and answers without waiting: the command completes after the request ended.</li>
 *   <li>{@code /lettuce/idle?ms=}: no Redis call, sleeps {@code ms}.</li>
 * </ul>
 * Prints {@code APP_PORT=} and then {@code SCENARIO DONE} when it serves.
 */
public final class LettuceServletApp {
    private LettuceServletApp() {
    }

    public static void main(String[] args) throws Exception {
        int redisPort = Integer.parseInt(args[0]);
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", redisPort));
        StatefulRedisConnection<String, String> connection = client.connect();
        StatefulRedisConnection<String, String> blocking = client.connect();
        Jedis jedis = new Jedis("127.0.0.1", redisPort);
        jedis.ping(); // connects now, outside any request

        File base = Files.createTempDirectory("tomcat").toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", "1");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(ctx, "lettuce", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                // "/lettuce/get/3" as ["", "lettuce", "get", "3"], then without "lettuce"
                String whole = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
                String[] path = whole.substring("/lettuce".length()).split("/");
                try {
                    switch (path[1]) {
                        case "get": {
                            String key = "breakdown:item:" + Scenario.SECRET + path[2];
                            connection.sync().get(key);
                            connection.async().get(key).get(5, TimeUnit.SECONDS);
                            connection.reactive().get(key).block(Duration.ofSeconds(5));
                            break;
                        }
                        case "batch": {
                            // One pipeline sync and one transaction exec: two round trips, two Redis calls.
                            String key = "breakdown:batch:" + Scenario.SECRET + path[2];
                            Pipeline pipeline = jedis.pipelined();
                            pipeline.get(key);
                            pipeline.get(key);
                            pipeline.get(key);
                            pipeline.sync();
                            Transaction t = jedis.multi();
                            t.get(key);
                            t.get(key);
                            t.exec();
                            break;
                        }
                        case "late":
                            blocking.async().blpop(0.3, "breakdown:late:" + Scenario.SECRET + path[2]);
                            break;
                        case "idle":
                            Thread.sleep(Long.parseLong(req.getParameter("ms")));
                            break;
                        default:
                            resp.sendError(404);
                            return;
                    }
                } catch (Exception e) {
                    throw new IOException(e);
                }
                resp.setContentType("text/plain");
                resp.getWriter().write("ok");
            }
        });
        // One mapping per page, so that each has its own route (/lettuce/get/{id}, /lettuce/idle).
        for (String mapping : new String[] {"/lettuce/get/*", "/lettuce/batch/*", "/lettuce/late/*", "/lettuce/idle"}) {
            ctx.addServletMappingDecoded(mapping, "lettuce");
        }
        tomcat.start();
        System.out.println("APP_PORT=" + connector.getLocalPort());
        Scenario.park(); // prints SCENARIO DONE
    }
}
