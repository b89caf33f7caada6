package dev.jfmm.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jfmm.scheme.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchFieldTest {

    @Test
    void parsesEachNameInEitherCase() {
        Map<String, SearchField> names = Map.of("Z", SearchField.Z, "z", SearchField.Z, "ZT", SearchField.ZT,
                "zt", SearchField.ZT, "Zt", SearchField.ZT, "GF2", SearchField.GF2, "gf2", SearchField.GF2,
                "F2", SearchField.GF2, "gf(2)", SearchField.GF2);
        names.forEach((name, field) -> assertEquals(field, SearchField.parse(name), name));
    }

    @Test
    void aBadNameIsAOneLineErrorNamingTheAcceptedValues() {
        for (String bad : List.of("Q", "q", "C", "X", "", "ZTT")) {
            String message = assertThrows(IllegalArgumentException.class, () -> SearchField.parse(bad)).getMessage();
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.contains("Z, ZT or GF2"), message);
        }
        assertEquals("search lifts to Z or stays over GF2; use --field Z, ZT or GF2",
                assertThrows(IllegalArgumentException.class, () -> SearchField.parse("Q")).getMessage());
        assertEquals("unknown search field 'X' (use Z, ZT or GF2)",
                assertThrows(IllegalArgumentException.class, () -> SearchField.parse("X")).getMessage());
    }

    @Test
    void mapsToTheSchemesFieldTheWalkAndTheLift() {
        assertEquals(List.of(Field.GF2, Field.Z, Field.Z),
                List.of(SearchField.GF2.field(), SearchField.Z.field(), SearchField.ZT.field()));
        assertEquals(List.of(false, false, true),
                List.of(SearchField.GF2.ternary(), SearchField.Z.ternary(), SearchField.ZT.ternary()));
        assertEquals(List.of(false, true, false),
                List.of(SearchField.GF2.lifts(), SearchField.Z.lifts(), SearchField.ZT.lifts()));
        assertEquals(List.of("GF(2)", "GF(2)", "Z (ternary)"), List.of(SearchField.GF2.walkDescription(),
                SearchField.Z.walkDescription(), SearchField.ZT.walkDescription()));
        for (SearchField f : SearchField.values()) {
            assertEquals(f, SearchField.parse(f.toString()), "the name parses back (default file names, JSON)");
        }
    }

    /** Checkpoints store the pair; every search field comes back from it, and a pair with no search is refused. */
    @Test
    void comesBackFromTheStoredPair() {
        assertEquals(SearchField.GF2, SearchField.of(Field.GF2, false));
        assertEquals(SearchField.Z, SearchField.of(Field.Z, false));
        assertEquals(SearchField.ZT, SearchField.of(Field.Z, true));
        assertEquals("there is no search over Q",
                assertThrows(IllegalArgumentException.class, () -> SearchField.of(Field.Q, false)).getMessage());
        assertEquals("there is no ternary search over GF2",
                assertThrows(IllegalArgumentException.class, () -> SearchField.of(Field.GF2, true)).getMessage());
    }
}
