package dev.portcullis.launcher;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Calls framework services whose API packages live in bundles, not on the launcher's class path
 * (ConfigAdmin, Gogo). The launcher looks the service up by class name and invokes the interface methods
 * through the providing bundle's class loader. Why reflection: exporting those packages from the system
 * bundle ({@code org.osgi.framework.system.packages.extra}) would put a second copy of the API beside the
 * bundle's own and pin it to the launcher's version; reflection keeps exactly one copy, survives an update
 * of the providing bundle, and costs nothing measurable for an admin command.
 */
final class OsgiServices {

    private OsgiServices() {
    }

    /** Result of running a service call: the value, or empty when the service is not registered. */
    static <T> Optional<T> withService(BundleContext context, String type, ServiceCall<T> call) throws Exception {
        ServiceReference<?> ref = context.getServiceReference(type);
        if (ref == null) {
            return Optional.empty();
        }
        Object service = context.getService(ref);
        if (service == null) {
            return Optional.empty();
        }
        try {
            Class<?> api = ref.getBundle().loadClass(type);
            return Optional.ofNullable(call.call(api, service));
        } finally {
            context.ungetService(ref);
        }
    }

    /** A call against a service object, given its interface as loaded by the providing bundle. */
    @FunctionalInterface
    interface ServiceCall<T> {
        T call(Class<?> api, Object service) throws Exception;
    }

    /** A configuration as the startup report shows it. */
    record ConfigEntry(String pid, String file) {
    }

    /** Configurations FileInstall loaded from {@code etc/}, with their files. */
    static List<ConfigEntry> fileConfigurations(BundleContext context) throws Exception {
        return withService(context, "org.osgi.service.cm.ConfigurationAdmin", (api, cm) -> {
            Method list = api.getMethod("listConfigurations", String.class);
            Object[] configs = (Object[]) list.invoke(cm, "(felix.fileinstall.filename=*)");
            List<ConfigEntry> out = new ArrayList<>();
            if (configs == null) {
                return out;
            }
            Class<?> configuration = api.getClassLoader().loadClass("org.osgi.service.cm.Configuration");
            Method pid = configuration.getMethod("getPid");
            Method props = configuration.getMethod("getProperties");
            for (Object c : configs) {
                Dictionary<?, ?> d = (Dictionary<?, ?>) props.invoke(c);
                Object file = d == null ? null : d.get("felix.fileinstall.filename");
                out.add(new ConfigEntry((String) pid.invoke(c), String.valueOf(file)));
            }
            out.sort((a, b) -> a.pid().compareTo(b.pid()));
            return out;
        }).orElse(List.of());
    }

    /**
     * Waits until ConfigAdmin has delivered every configuration update queued so far. ConfigAdmin delivers
     * updates one at a time on its own thread, in order; a ManagedService registered now is called after all
     * of them. Without this barrier the startup report could race pax-logging's reconfiguration from
     * {@code etc/org.ops4j.pax.logging.cfg} and lines would be lost.
     */
    static boolean awaitConfigurationDelivery(BundleContext context, java.time.Duration max) throws Exception {
        ServiceReference<?> cmRef = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (cmRef == null) {
            return false;
        }
        Class<?> managedService = cmRef.getBundle().loadClass("org.osgi.service.cm.ManagedService");
        java.util.concurrent.CountDownLatch delivered = new java.util.concurrent.CountDownLatch(1);
        Object barrier = java.lang.reflect.Proxy.newProxyInstance(managedService.getClassLoader(),
                new Class<?>[] {managedService}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "updated" -> delivered.countDown();
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        case "toString" -> {
                            return "portcullis launcher configuration barrier";
                        }
                        default -> {
                            return null;
                        }
                    }
                    return null;
                });
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("service.pid", "dev.portcullis.launcher.barrier");
        org.osgi.framework.ServiceRegistration<?> reg =
                context.registerService(managedService.getName(), barrier, props);
        try {
            return delivered.await(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } finally {
            reg.unregister();
        }
    }
}
