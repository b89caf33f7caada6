package dev.jfmm.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results written whole, with the mode a plain write gives, and nothing left beside them. */
class AtomicFilesTest {

    @Test
    void writesAndReplacesWholeLeavingNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/out.json");
        AtomicFiles.writeString(file, "first\n");
        assertEquals("first\n", Files.readString(file));
        AtomicFiles.writeString(file, "second\n");
        assertEquals("second\n", Files.readString(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    /** A new file gets the umask's mode (as Files.writeString gives it), a replaced one keeps its own. */
    @Test
    void theFileGetsTheModeAPlainWriteWouldGive(@TempDir Path dir) throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "no POSIX permissions on this file system; skipping");
        Path plain = dir.resolve("plain.txt"), atomic = dir.resolve("atomic.txt");
        Files.writeString(plain, "x");
        AtomicFiles.writeString(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));

        Files.setPosixFilePermissions(atomic, PosixFilePermissions.fromString("rw-rw-r--"));
        AtomicFiles.writeString(atomic, "y");
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(atomic)));
    }

    @Test
    void aFailedWriteSaysWhereAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "keep");
        var e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeString(blocker.resolve("out"), "x"));
        assertTrue(e.getMessage().startsWith("cannot write " + blocker.resolve("out")), e.getMessage());
        assertEquals("keep", Files.readString(blocker));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(blocker), files.toList());
        }
    }
}
