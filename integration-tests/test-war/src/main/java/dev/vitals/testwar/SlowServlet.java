package dev.vitals.testwar;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /slow?ms=N}: answers after N ms (default 300, at most 10 s). */
@WebServlet("/slow")
public class SlowServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long ms = 300;
        String p = req.getParameter("ms");
        if (p != null) {
            try {
                ms = Math.min(10_000, Math.max(0, Long.parseLong(p)));
            } catch (NumberFormatException e) {
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "ms must be a number");
                return;
            }
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        resp.setContentType("text/plain");
        resp.getWriter().print("slept " + ms + " ms");
    }
}
