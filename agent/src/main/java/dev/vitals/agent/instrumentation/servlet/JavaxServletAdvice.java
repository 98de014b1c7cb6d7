package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.bootstrap.CallDepth;
import dev.vitals.bootstrap.RequestScope;
import dev.vitals.bootstrap.servlet.AsyncRecording;
import dev.vitals.bootstrap.servlet.ServerHooks;
import dev.vitals.bootstrap.servlet.ServerRecorder;
import net.bytebuddy.asm.Advice;

import javax.servlet.AsyncListener;
import javax.servlet.DispatcherType;
import javax.servlet.RequestDispatcher;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import java.lang.reflect.Proxy;

/**
 * Advice on {@code Servlet.service(ServletRequest, ServletResponse)} and
 * {@code Filter.doFilter(ServletRequest, ServletResponse, FilterChain)} for {@code javax.servlet}. Servlet 3.0 to 4.0.
 *
 * <p>Inlined into application classes: it may reference only the JDK, {@code javax.servlet} and
 * {@code dev.vitals.bootstrap}; anything else fails there with {@code NoClassDefFoundError}.
 *
 * <p>Also woven into Tomcat's {@code StandardWrapperValve.invoke}, which runs every filter chain there
 * ({@code TomcatWrapperValves}): the valve catches what the chain throws, so for a 5xx without a thrown exception the
 * request's error attribute names it.
 *
 * <p>The request is recorded once, by the outermost servlet or filter on the thread ({@link CallDepth}),
 * and only in its {@code REQUEST} dispatch: the container's async and error re-dispatches of the same request
 * are not counted again. Every {@code Throwable} is suppressed.
 *
 * <p>Allocation-free for a synchronous request: some containers (Tomcat) build a new string for every
 * {@code getRequestURI()}, {@code getServletPath()} or {@code getPathInfo()} call, so each is read only when
 * the recording needs it: none when a container hook already found the route ({@link RequestScope#knownRoute()})
 * and there is no framework template; else the paths, and the URI only when there is neither a template nor a
 * path info.
 */
public final class JavaxServletAdvice {
    private JavaxServletAdvice() {
    }

    /** Returns the start time, or 0 when this call is not the one that records. */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Advice.Argument(0) ServletRequest request) {
        if (CallDepth.enter(CallDepth.SERVLET) != 0 || !(request instanceof HttpServletRequest)) {
            return 0L;
        }
        DispatcherType type = request.getDispatcherType();
        if (type != DispatcherType.REQUEST) {
            if (type == DispatcherType.ASYNC) {
                // A container hook must not count this re-dispatch of a request recorded already (Undertow's).
                RequestScope.current().markServletHandled();
            }
            return 0L;
        }
        long start = ServerHooks.recorder().begin(((HttpServletRequest) request).getMethod());
        return start == 0L ? 1L : start;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) ServletRequest request,
                            @Advice.Argument(1) ServletResponse response,
                            @Advice.Enter long start,
                            @Advice.Thrown Throwable thrown) {
        CallDepth.exit(CallDepth.SERVLET);
        if (start == 0L || !(response instanceof HttpServletResponse)) {
            return;
        }
        HttpServletRequest req = (HttpServletRequest) request;
        RequestScope scope = RequestScope.current();
        Object route = req.getAttribute(ServerHooks.SPRING_PATTERN_ATTRIBUTE);
        if (route == null) {
            String routeAttribute = ServerHooks.routeAttribute();
            if (routeAttribute != null) {
                route = req.getAttribute(routeAttribute);
            }
        }
        if (route == null) {
            route = scope.routeTemplate();
        }
        String tenant = null;
        String tenantHeader = ServerHooks.tenantHeader();
        if (tenantHeader != null) {
            tenant = req.getHeader(tenantHeader);
        }
        String tenantAttribute = ServerHooks.tenantAttribute();
        if (tenant == null && tenantAttribute != null) {
            Object value = req.getAttribute(tenantAttribute);
            tenant = value == null ? null : value.toString();
        }
        ServerRecorder recorder = ServerHooks.recorder();
        if (thrown == null && req.isAsyncStarted()) {
            // Completion comes after this request object's strings may be recycled: read them all now.
            AsyncRecording recording = recorder.asyncStarted(req.getMethod(), req.getRequestURI(), req.getContextPath(),
                    req.getServletPath(), req.getPathInfo(), route, req.getQueryString(), tenant, response, start);
            if (recording != null) {
                req.getAsyncContext().addListener((AsyncListener) Proxy.newProxyInstance(
                        AsyncListener.class.getClassLoader(), new Class<?>[] {AsyncListener.class}, recording));
            }
            return;
        }
        String contextPath = null;
        String servletPath = null;
        String pathInfo = null;
        String uri = null;
        if (route != null || scope.knownRoute() == null) {
            // A path info means a path mapping (/cache/*): the route is the mapping, never the path's values.
            contextPath = req.getContextPath();
            pathInfo = req.getPathInfo();
            if (pathInfo != null) {
                servletPath = req.getServletPath();
            } else if (route == null) {
                uri = req.getRequestURI();
            }
        }
        int status = ((HttpServletResponse) response).getStatus();
        // Tomcat's wrapper valve, where this advice runs too, catches what the filter chain throws and answers 500.
        Throwable failure = thrown != null || status < 500 ? thrown
                : ServerHooks.caught(req.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        boolean slow = recorder.isSlow(start);
        recorder.end(req.getMethod(), uri, contextPath, servletPath, pathInfo, route, slow ? req.getQueryString() : null,
                tenant, status, failure, start);
    }
}
