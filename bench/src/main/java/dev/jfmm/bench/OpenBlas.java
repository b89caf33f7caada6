package dev.jfmm.bench;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads OpenBLAS through netlib's JNI path and proves it: the library tools/bench found is handed to
 * netlib as {@code dev.ludovic.netlib.blas.nativeLibPath} (system property {@value #PATH_PROPERTY}),
 * and after loading, this process's memory map must contain an OpenBLAS library, whose
 * {@code openblas_get_config()} and {@code openblas_get_num_threads()} are then called (through the
 * FFM API) for the report.
 */
final class OpenBlas {

    static final String PATH_PROPERTY = "jfmm.bench.openblas";
    static final String NETLIB_PATH_PROPERTY = "dev.ludovic.netlib.blas.nativeLibPath";

    /** What was loaded: available, the loaded file, OpenBLAS's config string and thread count, or why not. */
    record Status(boolean available, String detail, String library, String config, String core, int threads) {
    }

    private static Status status;
    private static NativeBLAS blas;

    private OpenBlas() {
    }

    static synchronized Status status() {
        if (status == null) status = load();
        return status;
    }

    static NativeBLAS blas() {
        if (!status().available()) throw new IllegalStateException("OpenBLAS unavailable: " + status.detail());
        return blas;
    }

    /** Fails when OpenBLAS would not run on the requested thread count (set by OPENBLAS_NUM_THREADS). */
    static void requireThreads(int threads) {
        Status s = status();
        if (s.available() && s.threads() != threads) {
            throw new IllegalStateException("OpenBLAS runs " + s.threads() + " threads but " + threads
                    + " were asked for; run with OPENBLAS_NUM_THREADS=" + threads + " (tools/bench does)");
        }
    }

    private static Status load() {
        String path = System.getProperty(PATH_PROPERTY, "");
        if (!path.isBlank()) {
            if (!Files.isReadable(Path.of(path))) return missing("the library " + path + " is not readable");
            System.setProperty(NETLIB_PATH_PROPERTY, path);
        }
        NativeBLAS loaded;
        try {
            loaded = NativeBLAS.getInstance();
        } catch (Throwable e) {
            return missing("netlib's NativeBLAS failed to load (" + e + "); is libopenblas0-pthread installed?");
        }
        Optional<String> mapped = mappedLibraries().stream().filter(l -> l.contains("openblas")).findFirst();
        if (mapped.isEmpty()) {
            return missing("netlib loaded " + loaded.getClass().getName() + " but no OpenBLAS is mapped in this process "
                    + "(mapped BLAS-like libraries: " + mappedLibraries().stream().filter(l -> l.contains("blas")).toList() + ")");
        }
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup(Path.of(mapped.get()), Arena.global());
            Linker linker = Linker.nativeLinker();
            MethodHandle config = linker.downcallHandle(lookup.find("openblas_get_config").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            MethodHandle threads = linker.downcallHandle(lookup.find("openblas_get_num_threads").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
            MethodHandle corename = linker.downcallHandle(lookup.find("openblas_get_corename").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            String text = ((MemorySegment) config.invokeExact()).reinterpret(4096).getString(0);
            String core = ((MemorySegment) corename.invokeExact()).reinterpret(256).getString(0);
            int count = (int) threads.invokeExact();
            blas = loaded;
            return new Status(true, "loaded " + mapped.get() + " via " + loaded.getClass().getName()
                    + (path.isBlank() ? " (netlib's default libblas.so.3)" : " (" + NETLIB_PATH_PROPERTY + "=" + path + ")"),
                    mapped.get(), text.trim(), core.trim(), count);
        } catch (Throwable e) {
            return missing("an OpenBLAS library is mapped (" + mapped.get() + ") but openblas_get_config failed: " + e);
        }
    }

    private static Status missing(String why) {
        return new Status(false, why, null, null, null, 0);
    }

    /** Shared-library files mapped into this process, from /proc/self/maps (empty off Linux). */
    private static List<String> mappedLibraries() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(file -> file.startsWith("/") && file.contains(".so"))
                    .distinct().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
