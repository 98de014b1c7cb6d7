package leaky;

import javax.servlet.AsyncContext;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet loaded by the web application's own class loader; it overrides service so it is instrumented itself. */
public class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    public void service(ServletRequest req, ServletResponse res) throws ServletException, IOException {
        super.service(req, res);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/async".equals(req.getPathInfo())) {
            AsyncContext ac = req.startAsync();
            ac.start(() -> {
                try {
                    ac.getResponse().getWriter().write("async hello");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                ac.complete();
            });
            return;
        }
        resp.getWriter().write("hello " + req.getPathInfo());
    }
}
