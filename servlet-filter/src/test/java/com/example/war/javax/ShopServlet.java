package com.example.war.javax;
// Written once for both servlet namespaces: the build derives the jakarta copy from this file (see pom.xml).

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** A web application with no Telltale code: the filter is declared in its web.xml, nothing else. */
public class ShopServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getRequestURI();
        if (path.endsWith("/login")) {
            req.getSession(true).setAttribute("user", "ann");
        } else if (path.contains("/orders/")) {
            new Orders().load(path.substring(path.lastIndexOf('/') + 1));
        }
        res.getWriter().write("ok");
    }

    /** The application's own code where the failure happens (in-app). */
    static final class Orders {
        void load(String id) {
            throw new IllegalStateException("order " + id + " broken");
        }
    }
}
