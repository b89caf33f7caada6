package dev.jfmm;

/** How a matrix is stored in its array, as CBLAS's CblasRowMajor and CblasColMajor. */
public enum Layout {
    /** Element (i, j) at offset + i * ld + j. */
    ROW_MAJOR,
    /** Element (i, j) at offset + i + j * ld (Fortran BLAS). */
    COLUMN_MAJOR
}
