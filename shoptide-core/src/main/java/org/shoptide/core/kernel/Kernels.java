package org.shoptide.core.kernel;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The process-wide {@link FloatKernels}: the first provider that {@link ServiceLoader} finds and that can run here (a
 * SIMD module needs its JDK module, e.g. {@code --add-modules jdk.incubator.vector}), else {@link ScalarKernels}. The
 * choice is made once and logged in one line. The system property {@code shoptide.kernels=scalar} forces the scalar
 * implementation (for comparisons).
 */
public final class Kernels {
    private static final System.Logger LOG = System.getLogger(Kernels.class.getName());

    private Kernels() {
    }

    private static final class Holder {
        static final FloatKernels INSTANCE = load();
    }

    /** The kernels this process uses. */
    public static FloatKernels get() {
        return Holder.INSTANCE;
    }

    private static FloatKernels load() {
        if ("scalar".equals(System.getProperty("shoptide.kernels"))) {
            LOG.log(System.Logger.Level.INFO, "float kernels: scalar (forced by -Dshoptide.kernels=scalar)");
            return ScalarKernels.INSTANCE;
        }
        String why = "no SIMD kernel module on the class path";
        try {
            for (FloatKernels k : ServiceLoader.load(FloatKernels.class, Kernels.class.getClassLoader())) {
                LOG.log(System.Logger.Level.INFO, "float kernels: " + k.name());
                return k;
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            why = "SIMD kernels unavailable (" + cause + "; run with --add-modules jdk.incubator.vector)";
        }
        LOG.log(System.Logger.Level.INFO, "float kernels: scalar, " + why);
        return ScalarKernels.INSTANCE;
    }
}
