package dev.jfmm.cli;

import dev.jfmm.kernel.Precision;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The {@code --precision} option of the commands that multiply or emit kernels (a picocli mixin). */
final class PrecisionOption {

    @Option(names = "--precision", defaultValue = "double", converter = Converter.class,
            description = "double or float (default: ${DEFAULT-VALUE}).")
    Precision precision;

    /** double (d, f64) or float (single, s, f32), any case. */
    static final class Converter implements ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "double", "d", "f64" -> Precision.DOUBLE;
                case "float", "single", "s", "f32" -> Precision.FLOAT;
                default -> throw new TypeConversionException("'" + value + "' is not a precision; use double or float");
            };
        }
    }
}
