package dev.portcullis.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.osgi.framework.BundleContext;

/**
 * Runs one Gogo command line in the host, in a fresh session, and captures what it printed.
 * Reaches {@code org.apache.felix.service.command.CommandProcessor} through {@link OsgiServices} (see there why).
 */
final class GogoCommands {

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    /** {@code Converter.INSPECT}: how Gogo's own shell prints a command's result. */
    private static final int INSPECT = 0;

    private final BundleContext context;

    GogoCommands(BundleContext context) {
        this.context = context;
    }

    /** What a command printed, and whether it failed. */
    record Result(boolean failed, String output) {
    }

    Result execute(String commandLine) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try {
            Optional<Boolean> ran = OsgiServices.withService(context, PROCESSOR, (api, processor) -> {
                Method create = api.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
                Object session = create.invoke(processor, new ByteArrayInputStream(new byte[0]), out, out);
                Class<?> sessionType = api.getClassLoader().loadClass("org.apache.felix.service.command.CommandSession");
                try {
                    Object result = sessionType.getMethod("execute", CharSequence.class).invoke(session, commandLine);
                    if (result != null) {
                        Object text = sessionType.getMethod("format", Object.class, int.class).invoke(session, result, INSPECT);
                        out.println(text);
                    }
                    return Boolean.TRUE;
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                    out.println("Error: " + message);
                    return Boolean.FALSE;
                } finally {
                    sessionType.getMethod("close").invoke(session);
                }
            });
            out.flush();
            if (ran.isEmpty()) {
                return new Result(true, "Error: the Gogo shell (org.apache.felix.gogo.runtime) is not running in the host;"
                        + " check system/ and data/log/portcullis.log\n");
            }
            return new Result(!ran.get(), buffer.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            out.flush();
            return new Result(true, buffer.toString(StandardCharsets.UTF_8) + "Error: " + e + "\n");
        }
    }
}
