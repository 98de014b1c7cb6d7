package dev.vitals.testwar;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@code GET /db}: one query on PostgreSQL through the container's DataSource {@code java:comp/env/jdbc/app}. */
@WebServlet("/db")
public class DbServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        try {
            DataSource ds = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/app");
            try (Connection c = ds.getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
                s.setString(1, "test");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    resp.setContentType("text/plain");
                    resp.getWriter().print("sessions " + rs.getLong(1));
                }
            }
        } catch (NamingException | SQLException e) {
            throw new ServletException(e);
        }
    }
}
