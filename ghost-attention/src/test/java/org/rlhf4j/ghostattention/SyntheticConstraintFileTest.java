package org.rlhf4j.ghostattention;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

public class SyntheticConstraintFileTest {

    static final String PIRATE = "{\"kind\":\"figure\",\"value\":\"pirate\",\"text\":\"Act as a pirate.\","
            + "\"short_text\":\"Figure: pirate.\"}";
    static final String UPPER = "{\"kind\":\"style\",\"value\":\"uppercase\",\"text\":\"Always answer in uppercase.\","
            + "\"short_text\":\"Style: uppercase.\"}";

    @Test
    public void readsGoodLinesAndSkipsBlankOnes() throws Exception {
        Path f = Files.createTempFile("constraints", ".jsonl");
        Files.writeString(f, PIRATE + "\n\n" + UPPER + "\n");
        List<SyntheticConstraint> c = SyntheticConstraintFile.read(f);
        assertEquals(c, List.of(new SyntheticConstraint("figure", "pirate", "Act as a pirate.", "Figure: pirate."),
                new SyntheticConstraint("style", "uppercase", "Always answer in uppercase.", "Style: uppercase.")));
    }

    @Test
    public void everyBadLineIsNamedWithFileLineAndField() throws Exception {
        Path f = Files.createTempFile("constraints", ".jsonl");
        Files.writeString(f, String.join("\n",
                PIRATE,
                "{\"kind\":\"style\",\"value\":\"excited\",\"text\":\"Be excited!\"}",
                "{\"kind\":\"hobby\",\"value\":\"chess\",\"text\":\"Chess.\",\"short_text\":\"Hobby: chess.\",\"x\":1}",
                "not json",
                "{\"kind\":\"\",\"value\":\"v\",\"text\":\"t\",\"short_text\":\"s\"}",
                PIRATE) + "\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> SyntheticConstraintFile.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith("5 bad line(s)"), m);
        assertTrue(m.contains(f + ":2: short_text"), m);
        assertTrue(m.contains(f + ":3: x: unknown key"), m);
        assertTrue(m.contains(f + ":4: json"), m);
        assertTrue(m.contains(f + ":5: kind: required"), m);
        assertTrue(m.contains(f + ":6: value: (figure, pirate) repeats"), m);
        assertTrue(!m.contains(":1:"), m);
    }

    @Test
    public void anEmptyFileIsAnError() throws Exception {
        Path f = Files.createTempFile("constraints", ".jsonl");
        Files.writeString(f, "\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> SyntheticConstraintFile.read(f));
        assertTrue(e.getMessage().contains("no constraint"), e.getMessage());
    }
}
