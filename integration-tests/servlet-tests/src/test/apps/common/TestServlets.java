package app;

import javax.servlet.AsyncContext;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The servlets and filters every test container serves. Written against javax.servlet; the test harness
 * rewrites the package to jakarta.servlet for Servlet 5+ containers, so both generations run the same code.
 */
public final class TestServlets {
    /** How a container registers a servlet or filter (every registration is async-supported). */
    public interface Registrar {
        void servlet(String name, Servlet servlet, String pattern);

        void filter(String name, Filter filter, String pattern);
    }

    /** Incremented by the outer filter: the number of requests the application really served. */
    public static final AtomicLong SERVED = new AtomicLong();

    private TestServlets() {
    }

    public static void registerAll(Registrar r) {
        r.filter("outer", new PassFilter(true), "/*");
        r.filter("inner", new PassFilter(false), "/*");
        r.servlet("products", new ProductsServlet(), "/api/products/*");
        r.servlet("sleep", new SleepServlet(), "/sleep");
        r.servlet("status", new StatusServlet(), "/status/*");
        r.servlet("boom", new BoomServlet(), "/boom");
        r.servlet("forward", new ForwardServlet(false), "/forward");
        r.servlet("include", new ForwardServlet(true), "/include");
        r.servlet("async", new AsyncServlet(), "/async");
        r.servlet("asyncTimeout", new AsyncTimeoutServlet(), "/async-timeout");
        r.servlet("asyncDispatch", new AsyncDispatchServlet(), "/async-dispatch");
        r.servlet("flood", new TextServlet(), "/flood/*");
        r.servlet("served", new ServedServlet(), "/served");
    }

    static void text(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain");
        resp.getWriter().write(body);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Passes every request on; the outer one counts what the application served. */
    public static final class PassFilter implements Filter {
        private final boolean outer;

        public PassFilter(boolean outer) {
            this.outer = outer;
        }

        // Servlet 3.1 (Jetty 9.4) has no default methods on Filter.
        @Override
        public void init(javax.servlet.FilterConfig config) {
        }

        @Override
        public void destroy() {
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
            if (outer && req.getDispatcherType() == javax.servlet.DispatcherType.REQUEST
                    && !"/served".equals(((HttpServletRequest) req).getRequestURI())) {
                SERVED.incrementAndGet();
            }
            // What an application's own authentication filter does: the tenant as a request attribute.
            if (outer && req.getParameter("org") != null) {
                req.setAttribute("app.organization", req.getParameter("org"));
            }
            chain.doFilter(req, resp);
        }
    }

    /** GET /api/products/{id}: 200, or 404 for id 0. */
    public static final class ProductsServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String id = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            if ("0".equals(id)) {
                text(resp, 404, "no such product");
            } else {
                text(resp, 200, "{\"id\":\"" + id + "\"}");
            }
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            text(resp, 201, "created");
        }
    }

    /** GET /sleep?ms=N: sleeps N ms. */
    public static final class SleepServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            sleep(Long.parseLong(req.getParameter("ms")));
            text(resp, 200, "slept");
        }
    }

    /** GET /status/{code}: answers with that status. */
    public static final class StatusServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            text(resp, Integer.parseInt(req.getPathInfo().substring(1)), "status");
        }
    }

    /** GET /boom: throws out of the servlet; the container answers 500. */
    public static final class BoomServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalStateException("boom (thrown on purpose by the test app)");
        }
    }

    /** GET /forward or /include: dispatches to /api/products/5 within the same request. */
    public static final class ForwardServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final boolean include;

        public ForwardServlet(boolean include) {
            this.include = include;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            if (include) {
                req.getRequestDispatcher("/api/products/6").include(req, resp);
            } else {
                req.getRequestDispatcher("/api/products/5").forward(req, resp);
            }
        }
    }

    /** GET /async?ms=N: completes from another thread after N ms. */
    public static final class AsyncServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            long ms = Long.parseLong(req.getParameter("ms"));
            AsyncContext ac = req.startAsync();
            ac.setTimeout(30_000);
            Thread t = new Thread(() -> {
                sleep(ms);
                try {
                    text((HttpServletResponse) ac.getResponse(), 202, "done");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                ac.complete();
            }, "app-async");
            t.start();
        }
    }

    /** GET /async-timeout: starts async with a 300 ms timeout and never completes. */
    public static final class AsyncTimeoutServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            req.startAsync().setTimeout(300);
        }
    }

    /** GET /async-dispatch: starts async and dispatches to /api/products/9 from another thread. */
    public static final class AsyncDispatchServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext ac = req.startAsync();
            Thread t = new Thread(() -> {
                sleep(20);
                ac.dispatch("/api/products/9");
            }, "app-async-dispatch");
            t.start();
        }
    }

    /** Anything under /flood/: 200. */
    public static final class TextServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            text(resp, 200, "ok");
        }
    }

    /** GET /served: how many requests the application served (not counted itself). */
    public static final class ServedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            text(resp, 200, Long.toString(SERVED.get()));
        }
    }
}
