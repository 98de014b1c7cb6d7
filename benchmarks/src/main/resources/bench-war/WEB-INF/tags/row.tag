<%@ tag body-content="empty" %>
<%@ attribute name="name" required="true" %>
<%@ attribute name="value" required="true" type="java.lang.Object" %>
<tr><td>${name}</td><td>${value}</td></tr>
