package dev.userapptokens.localruntime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * The Lambda Runtime API poll loop of a Java function, as Lambda's {@code java21} managed runtime
 * runs it: instantiate the {@code _HANDLER} class once (its static initialisation is the function's
 * init phase), then for each invocation from {@code GET /runtime/invocation/next} call
 * {@code handleRequest(InputStream, OutputStream, Context)} and post the bytes written (or the
 * error) back. Run it with the unpacked {@code function.zip} (its root and {@code lib/*.jar}) ahead
 * of this jar on the class path; the function's {@code aws-lambda-java-core} supplies
 * {@link Context}.
 *
 * <p>Environment: {@code AWS_LAMBDA_RUNTIME_API} ({@code host:port}), {@code _HANDLER}
 * ({@code pkg.Class::method}, or {@code pkg.Class} for {@code handleRequest}), and the usual
 * {@code AWS_LAMBDA_FUNCTION_*} variables for the {@link Context}.
 *
 * <p>Exit codes: 0 when the Runtime API goes away (the local gateway stopped), 1 after an init
 * error was reported, 2 on a usage error, 3 after a fatal VM error during an invocation (the
 * process must be replaced, as Lambda replaces an execution environment that ran out of memory).
 */
public final class RuntimeLoop {

    static final String API_VERSION = "/2018-06-01/runtime";
    /** How long the Runtime API may be unreachable before the loop concludes it is gone. */
    static final long UNREACHABLE_MILLIS = 3000;

    private final String api;
    private final String handlerSpec;
    private final Map<String, String> env;

    private long unreachableMillis = UNREACHABLE_MILLIS;
    private Object handler;
    private Method method;
    private boolean withContext;

    public RuntimeLoop(String api, String handlerSpec, Map<String, String> env) {
        this.api = api;
        this.handlerSpec = handlerSpec;
        this.env = env;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String api = env.get("AWS_LAMBDA_RUNTIME_API");
        String handler = env.get("_HANDLER");
        if (api == null || api.isBlank() || handler == null || handler.isBlank()) {
            System.err.println("local-runtime: AWS_LAMBDA_RUNTIME_API and _HANDLER must be set");
            System.exit(2);
        }
        exitWithParent();
        System.exit(new RuntimeLoop(api.trim(), handler.trim(), env).run());
    }

    /** If whoever started this process dies without stopping it, do not outlive it. */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent ->
                parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
    }

    /** For tests: how long the Runtime API may be unreachable before {@link #run} returns. */
    RuntimeLoop unreachableAfter(long millis) {
        this.unreachableMillis = millis;
        return this;
    }

    /** Init, then invocations until the Runtime API goes away; returns the exit code. */
    public int run() {
        try {
            init();
        } catch (Throwable t) {
            Throwable cause = unwrap(t);
            System.err.println("local-runtime: init of " + handlerSpec + " failed: " + cause);
            cause.printStackTrace();
            post(API_VERSION + "/init/error", errorJson(cause), "Runtime.InitError");
            return 1;
        }
        while (true) {
            Invocation invocation = next();
            if (invocation == null) {
                return 0;
            }
            Integer exit = invoke(invocation);
            if (exit != null) {
                return exit;
            }
        }
    }

    /** Loads and instantiates the handler class and finds its stream method. */
    void init() throws Exception {
        String className = handlerSpec;
        String methodName = "handleRequest";
        int separator = handlerSpec.indexOf("::");
        if (separator >= 0) {
            className = handlerSpec.substring(0, separator);
            methodName = handlerSpec.substring(separator + 2);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type = Class.forName(className, true, loader);
        Method found = null;
        boolean context = false;
        for (Method candidate : type.getMethods()) {
            if (!candidate.getName().equals(methodName)) {
                continue;
            }
            Class<?>[] params = candidate.getParameterTypes();
            if (params.length == 3 && params[0] == InputStream.class && params[1] == OutputStream.class
                    && params[2] == Context.class) {
                found = candidate;
                context = true;
                break;
            }
            if (params.length == 2 && params[0] == InputStream.class && params[1] == OutputStream.class) {
                found = candidate;
            }
        }
        if (found == null) {
            throw new IllegalStateException(className + " has no public " + methodName
                    + "(InputStream, OutputStream[, Context]); this local runtime drives stream handlers only");
        }
        Object instance = null;
        if (!Modifier.isStatic(found.getModifiers())) {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            instance = constructor.newInstance();
        }
        this.handler = instance;
        this.method = found;
        this.withContext = context;
    }

    /** One invocation: returns null to go on, or an exit code when this process must end. */
    Integer invoke(Invocation invocation) {
        if (invocation.traceId != null) {
            System.setProperty("com.amazonaws.xray.traceHeader", invocation.traceId);
        } else {
            System.clearProperty("com.amazonaws.xray.traceHeader");
        }
        LocalContext context = new LocalContext(invocation.requestId, invocation.deadlineMillis,
                invocation.functionArn, invocation.traceId, env);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            InputStream in = new ByteArrayInputStream(invocation.event);
            if (withContext) {
                method.invoke(handler, in, out, context);
            } else {
                method.invoke(handler, in, out);
            }
        } catch (Throwable t) {
            Throwable cause = unwrap(t);
            System.err.println("local-runtime: invocation " + invocation.requestId + " failed: " + cause);
            cause.printStackTrace();
            post(API_VERSION + "/invocation/" + invocation.requestId + "/error", errorJson(cause), "Unhandled");
            return cause instanceof VirtualMachineError ? 3 : null;
        }
        post(API_VERSION + "/invocation/" + invocation.requestId + "/response", out.toByteArray(), null);
        return null;
    }

    /** The next invocation, waiting as long as it takes; null when the Runtime API is gone. */
    Invocation next() {
        long firstFailure = 0;
        while (true) {
            HttpURLConnection connection = null;
            try {
                connection = open(API_VERSION + "/invocation/next");
                connection.setRequestMethod("GET");
                connection.setReadTimeout(0);
                int status = connection.getResponseCode();
                if (status != 200) {
                    drain(connection);
                    throw new IOException("invocation/next answered " + status);
                }
                byte[] event;
                try (InputStream body = connection.getInputStream()) {
                    event = body.readAllBytes();
                }
                String requestId = connection.getHeaderField("Lambda-Runtime-Aws-Request-Id");
                if (requestId == null || requestId.isBlank()) {
                    throw new IOException("invocation/next gave no Lambda-Runtime-Aws-Request-Id");
                }
                long deadline = parseLong(connection.getHeaderField("Lambda-Runtime-Deadline-Ms"),
                        System.currentTimeMillis() + 900_000L);
                return new Invocation(requestId, deadline,
                        connection.getHeaderField("Lambda-Runtime-Invoked-Function-Arn"),
                        connection.getHeaderField("Lambda-Runtime-Trace-Id"), event);
            } catch (IOException e) {
                if (connection != null) {
                    connection.disconnect();
                }
                long now = System.currentTimeMillis();
                if (firstFailure == 0) {
                    firstFailure = now;
                }
                if (now - firstFailure > unreachableMillis) {
                    System.err.println("local-runtime: Runtime API " + api + " unreachable (" + e + "); exiting");
                    return null;
                }
                sleep(e instanceof ConnectException ? 100 : 250);
            }
        }
    }

    private void post(String path, byte[] body, String errorType) {
        HttpURLConnection connection = null;
        try {
            connection = open(path);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setReadTimeout(30_000);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", "application/octet-stream");
            if (errorType != null) {
                connection.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType);
            }
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            drain(connection);
            if (status / 100 != 2) {
                System.err.println("local-runtime: POST " + path + " answered " + status);
            }
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            System.err.println("local-runtime: POST " + path + " failed: " + e);
        }
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://" + api + path).openConnection();
        connection.setConnectTimeout(2000);
        connection.setUseCaches(false);
        return connection;
    }

    private static void drain(HttpURLConnection connection) {
        try {
            InputStream stream = connection.getResponseCode() >= 400 ? connection.getErrorStream()
                    : connection.getInputStream();
            if (stream != null) {
                try (stream) {
                    stream.readAllBytes();
                }
            }
        } catch (IOException ignored) {
            connection.disconnect();
        }
    }

    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof InvocationTargetException || current instanceof ExceptionInInitializerError)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** {@code {"errorMessage","errorType","stackTrace":[...]}}, as Lambda's Java runtime reports errors. */
    static byte[] errorJson(Throwable t) {
        StringBuilder json = new StringBuilder(512);
        json.append("{\"errorMessage\":");
        quote(json, t.getMessage() == null ? t.toString() : t.getMessage());
        json.append(",\"errorType\":");
        quote(json, t.getClass().getName());
        json.append(",\"stackTrace\":[");
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < trace.length && i < 50; i++) {
            if (i > 0) {
                json.append(',');
            }
            quote(json, trace[i].toString());
        }
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void quote(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static long parseLong(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One event from {@code invocation/next}. */
    record Invocation(String requestId, long deadlineMillis, String functionArn, String traceId, byte[] event) {
    }
}
