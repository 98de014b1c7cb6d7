<%@ page contentType="text/html;charset=UTF-8" import="java.util.*,java.time.*" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<%
    List<String> items = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
        items.add("item " + i);
    }
    request.setAttribute("items", items);
    request.setAttribute("today", LocalDate.now());
%>
<!DOCTYPE html>
<html lang="en">
<head><title>Benchmark page</title></head>
<body>
<h1>${pageContext.request.contextPath}: ${items.size()} items</h1>
<table>
  <t:row name="server" value="${pageContext.servletContext.serverInfo}"/>
  <t:row name="date" value="${today}"/>
  <t:row name="first" value="${items[0]}"/>
  <t:row name="session" value="${pageContext.session.id != null}"/>
</table>
<ul>
<% for (String item : items) { %>
  <li><%= item.toUpperCase(Locale.ROOT) %></li>
<% } %>
</ul>
</body>
</html>
