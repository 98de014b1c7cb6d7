<%@ page contentType="text/plain;charset=UTF-8" %>hello from JSP <%= 6 * 7 %>
