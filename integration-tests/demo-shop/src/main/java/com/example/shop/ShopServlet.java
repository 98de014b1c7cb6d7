package com.example.shop;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every page of the shop, written the way a small hand-rolled service is: one servlet, paths matched by
 * hand, ids in the path.
 *
 * <pre>
 * GET  /api/products            GET  /api/slow?ms=500        POST   /admin/payment-outage?seconds=30
 * GET  /api/products/{id}       GET  /api/error   (500)      DELETE /admin/payment-outage
 * POST /api/orders              GET  /api/missing (404)
 * GET  /api/orders/{id}         GET  /api/cache/{key}
 * </pre>
 */
final class ShopServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern PRODUCT = Pattern.compile("/api/products/([^/]+)");
    private static final Pattern ORDER = Pattern.compile("/api/orders/([^/]+)");
    private static final Pattern CACHE = Pattern.compile("/api/cache/([^/]+)");
    private static final String INDEX = String.join("\n",
            "demo-shop: an ordinary web application for trying Vitals on.",
            "",
            "GET  /api/products             GET  /api/slow?ms=500",
            "GET  /api/products/{id}        GET  /api/error      (always 500)",
            "POST /api/orders               GET  /api/missing    (always 404)",
            "     productId=1&quantity=2    GET  /api/cache/{key} (Redis)",
            "GET  /api/orders/{id}",
            "POST /admin/payment-outage?seconds=30   DELETE /admin/payment-outage",
            "");

    // Servlets are serializable in the API's eyes only; this one is never serialized.
    private final transient Database database;
    private final transient Cache cache;
    private final transient PaymentClient payments;
    private final transient PaymentProvider provider;

    ShopServlet(Database database, Cache cache, PaymentClient payments, PaymentProvider provider) {
        this.database = database;
        this.cache = cache;
        this.payments = payments;
        this.provider = provider;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = path(req);
        Matcher m;
        try {
            if (path.equals("/") || path.isEmpty()) {
                resp.setContentType("text/plain;charset=UTF-8");
                resp.getWriter().write(INDEX);
            } else if (path.equals("/api/products")) {
                listProducts(resp);
            } else if ((m = PRODUCT.matcher(path)).matches()) {
                showProduct(m.group(1), resp);
            } else if ((m = ORDER.matcher(path)).matches()) {
                showOrder(m.group(1), resp);
            } else if (path.equals("/api/slow")) {
                slow(req, resp);
            } else if (path.equals("/api/error")) {
                throw new IllegalStateException("/api/error fails on purpose");
            } else if ((m = CACHE.matcher(path)).matches()) {
                cached(m.group(1), resp);
            } else if (path.equals("/admin/payment-outage")) {
                json(resp, 200, "{\"outageSecondsLeft\":" + provider.outageSecondsLeft() + "}");
            } else if (path.equals("/api/orders")) {
                methodNotAllowed(resp, "POST");
            } else {
                notFound(resp, path);
            }
        } catch (SQLException e) {
            throw new ServletException("database error", e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = path(req);
        try {
            if (path.equals("/api/orders")) {
                placeOrder(req, resp);
            } else if (path.equals("/admin/payment-outage")) {
                Integer seconds = intParam(req, "seconds", 30, 1, 3600);
                if (seconds == null) {
                    badRequest(resp, "seconds must be a number from 1 to 3600");
                    return;
                }
                provider.outage(Duration.ofSeconds(seconds));
                json(resp, 200, "{\"outageSecondsLeft\":" + seconds + "}");
            } else if (isGetPath(path)) {
                methodNotAllowed(resp, "GET");
            } else {
                notFound(resp, path);
            }
        } catch (SQLException e) {
            throw new ServletException("database error", e);
        }
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = path(req);
        if (path.equals("/admin/payment-outage")) {
            provider.outage(Duration.ZERO);
            json(resp, 200, "{\"outageSecondsLeft\":0}");
        } else {
            notFound(resp, path);
        }
    }

    private void listProducts(HttpServletResponse resp) throws SQLException, IOException {
        List<Database.Product> products = database.products();
        StringBuilder sb = new StringBuilder("[");
        for (Database.Product p : products) {
            sb.append(sb.length() > 1 ? "," : "").append(product(p));
        }
        json(resp, 200, sb.append(']').toString());
    }

    private void showProduct(String id, HttpServletResponse resp) throws SQLException, IOException {
        Optional<Long> productId = parseId(id);
        Optional<Database.Product> product = productId.isPresent() ? database.product(productId.get()) : Optional.empty();
        if (product.isPresent()) {
            json(resp, 200, product(product.get()));
        } else {
            notFound(resp, "no product " + id);
        }
    }

    private void placeOrder(HttpServletRequest req, HttpServletResponse resp) throws SQLException, IOException {
        Integer productId = intParam(req, "productId", null, 1, Integer.MAX_VALUE);
        Integer quantity = intParam(req, "quantity", 1, 1, 100);
        if (productId == null || quantity == null) {
            badRequest(resp, "productId (a positive number) is required; quantity must be from 1 to 100");
            return;
        }
        Optional<Database.Product> product = database.product(productId);
        if (product.isEmpty()) {
            notFound(resp, "no product " + productId);
            return;
        }
        long amount = product.get().priceCents() * quantity;
        try {
            String chargeId = payments.charge(amount, "usd", quantity + " x " + product.get().name());
            long orderId = database.insertOrder(productId, quantity, amount, chargeId, "paid");
            resp.setHeader("Location", "/api/orders/" + orderId);
            json(resp, 201, order(new Database.Order(orderId, productId, quantity, amount, chargeId, "paid")));
        } catch (PaymentClient.PaymentException e) {
            long orderId = database.insertOrder(productId, quantity, amount, null, "payment_failed");
            json(resp, 502, "{\"error\":\"payment failed\",\"detail\":" + Json.quote(e.getMessage())
                    + ",\"orderId\":" + orderId + "}");
        }
    }

    private void showOrder(String id, HttpServletResponse resp) throws SQLException, IOException {
        Optional<Long> orderId = parseId(id);
        Optional<Database.Order> order = orderId.isPresent() ? database.order(orderId.get()) : Optional.empty();
        if (order.isEmpty()) {
            notFound(resp, "no order " + id);
            return;
        }
        String paymentStatus;
        if (order.get().chargeId() == null) {
            paymentStatus = "none";
        } else {
            try {
                paymentStatus = payments.chargeStatus(order.get().chargeId());
            } catch (PaymentClient.PaymentException e) {
                paymentStatus = "unknown";
            }
        }
        String body = order(order.get());
        json(resp, 200, body.substring(0, body.length() - 1) + ",\"paymentStatus\":" + Json.quote(paymentStatus) + "}");
    }

    private static void slow(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Integer ms = intParam(req, "ms", 500, 0, 10_000);
        if (ms == null) {
            badRequest(resp, "ms must be a number from 0 to 10000");
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        json(resp, 200, "{\"sleptMs\":" + ms + "}");
    }

    private void cached(String key, HttpServletResponse resp) throws IOException {
        if (!cache.enabled()) {
            json(resp, 503, "{\"error\":\"cache unavailable\",\"detail\":\"Redis is not configured or was not reachable at start\"}");
            return;
        }
        Cache.Lookup lookup = cache.get(key, () -> {
            try {
                Thread.sleep(20); // the expensive computation the cache saves
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return key + " computed at " + Instant.now();
        });
        json(resp, 200, "{\"key\":" + Json.quote(key) + ",\"value\":" + Json.quote(lookup.value())
                + ",\"hit\":" + lookup.hit() + "}");
    }

    private static String product(Database.Product p) {
        return "{\"id\":" + p.id() + ",\"name\":" + Json.quote(p.name()) + ",\"priceCents\":" + p.priceCents() + "}";
    }

    private static String order(Database.Order o) {
        return "{\"id\":" + o.id() + ",\"productId\":" + o.productId() + ",\"quantity\":" + o.quantity()
                + ",\"amountCents\":" + o.amountCents() + ",\"chargeId\":" + Json.quote(o.chargeId())
                + ",\"status\":" + Json.quote(o.status()) + "}";
    }

    private static String path(HttpServletRequest req) {
        return req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    }

    private static boolean isGetPath(String path) {
        return path.equals("/api/products") || path.equals("/api/slow") || path.equals("/api/error")
                || PRODUCT.matcher(path).matches() || ORDER.matcher(path).matches() || CACHE.matcher(path).matches();
    }

    private static Optional<Long> parseId(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The parameter, or {@code def} when absent; {@code null} when present but not a number in range. */
    private static Integer intParam(HttpServletRequest req, String name, Integer def, int min, int max) {
        String value = req.getParameter(name);
        if (value == null || value.isEmpty()) {
            return def;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n >= min && n <= max ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void notFound(HttpServletResponse resp, String what) throws IOException {
        json(resp, 404, "{\"error\":\"not found\",\"detail\":" + Json.quote(what) + "}");
    }

    private static void badRequest(HttpServletResponse resp, String detail) throws IOException {
        json(resp, 400, "{\"error\":\"bad request\",\"detail\":" + Json.quote(detail) + "}");
    }

    private static void methodNotAllowed(HttpServletResponse resp, String allowed) throws IOException {
        resp.setHeader("Allow", allowed);
        json(resp, 405, "{\"error\":\"method not allowed\",\"detail\":\"use " + allowed + "\"}");
    }

    private static void json(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.getWriter().write(body);
    }
}
