package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class CheckParityCommandTest {

    @Test
    public void passesOnBothSharedFixtures() {
        for (String name : new String[] {"tiny-mha", "tiny-gqa"}) {
            CliRun run = CliRun.of("check-parity", "--model-dir", "../../shared/fixtures/hf/" + name);
            assertEquals(run.exitCode(), 0, run.out() + run.err());
            assertTrue(run.out().contains("greedy continuation         identical"), run.out());
            assertTrue(run.out().contains("PASS"), run.out());
        }
    }

    @Test
    public void failsPastAnImpossibleTolerance() {
        CliRun run = CliRun.of("check-parity", "--model-dir", "../../shared/fixtures/hf/tiny-mha",
                "--tolerance", "1e-12");
        assertEquals(run.exitCode(), 1, run.out());
        assertTrue(run.out().contains("FAIL"), run.out());
    }
}
