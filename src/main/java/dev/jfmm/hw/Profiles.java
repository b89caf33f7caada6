package dev.jfmm.hw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the hardware profile for this machine. In order: the file named by the system property
 * {@code jfmm.profile} (used as is), else the best match among the files in the directory named by
 * {@code jfmm.profiles} (the launcher points it at the repository's {@code hardware-profiles/}), else
 * among the profiles packaged in the jar, else {@link HardwareProfile#BUILT_IN}.
 */
public final class Profiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final String RESOURCE_DIR = "hardware-profiles";

    private Profiles() {
    }

    private static final class Active {
        static final HardwareProfile VALUE = select(CpuInfo.detect(), VectorUnit.preferredBits().orElse(0));
    }

    /** The profile in use by this process, chosen once. */
    public static HardwareProfile active() {
        return Active.VALUE;
    }

    static HardwareProfile select(CpuInfo cpu, int vectorBits) {
        String file = System.getProperty("jfmm.profile");
        if (file != null && !file.isBlank()) {
            return read(Path.of(file));
        }
        String dir = System.getProperty("jfmm.profiles");
        if (dir != null && !dir.isBlank()) {
            var fromDir = bestMatch(readAll(Path.of(dir)), cpu, vectorBits);
            if (fromDir != null) {
                return fromDir;
            }
        }
        var packaged = bestMatch(packaged(), cpu, vectorBits);
        return packaged != null ? packaged : HardwareProfile.BUILT_IN;
    }

    static HardwareProfile bestMatch(List<HardwareProfile> candidates, CpuInfo cpu, int vectorBits) {
        return candidates.stream()
                .filter(p -> p.match().matches(cpu, vectorBits))
                .max(Comparator.comparingInt((HardwareProfile p) -> p.match().specificity())
                        .thenComparing(HardwareProfile::name, Comparator.reverseOrder()))
                .orElse(null);
    }

    /** Reads and validates one profile file; errors name the file and, for syntax errors, the line. */
    public static HardwareProfile read(Path file) {
        try {
            HardwareProfile p = JSON.readValue(Files.readString(file), HardwareProfile.class);
            p.validate();
            return p.withSource(file.toString());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ProfileException(file + (loc != null ? ":" + loc.getLineNr() : "") + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new ProfileException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new ProfileException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Every *.json profile in a directory, sorted by file name; a missing directory holds none. */
    public static List<HardwareProfile> readAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(Path::toString))
                    .map(Profiles::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The profiles packaged as resources under hardware-profiles/, from a directory or a jar. */
    static List<HardwareProfile> packaged() {
        URL url = Profiles.class.getClassLoader().getResource(RESOURCE_DIR);
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return readAll(Path.of(uri));
            }
            FileSystem fs;
            try {
                fs = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                fs = FileSystems.newFileSystem(uri, Map.of());
            }
            return readAll(fs.getPath(RESOURCE_DIR));
        } catch (URISyntaxException | IOException e) {
            return List.of();
        }
    }

    /** A profile file that cannot be used; its message is one line naming the file. */
    public static final class ProfileException extends RuntimeException {
        public ProfileException(String message) {
            super(message);
        }
    }
}
