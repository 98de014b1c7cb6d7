<%@ page contentType="text/plain;charset=UTF-8" %>
second page: ${param.q == null ? 'no query' : param.q}, <%= Runtime.getRuntime().availableProcessors() %> processors
