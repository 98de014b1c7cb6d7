package dev.vitals.testwar;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /items/{id}} and {@code GET /users/{id}/orders}: a path parameter in the URL. */
@WebServlet(urlPatterns = {"/items/*", "/users/*"})
public class ItemServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo();
        if (info == null || info.length() < 2) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no id");
            return;
        }
        resp.setContentType("text/plain");
        resp.getWriter().print(req.getServletPath().substring(1) + " " + info.substring(1));
    }
}
