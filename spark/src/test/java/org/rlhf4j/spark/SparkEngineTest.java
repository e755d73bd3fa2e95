package org.rlhf4j.spark;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotNull;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.testng.annotations.Test;

public class SparkEngineTest {

    @Test
    public void executorsGetTheDriversMallocSettingsUnlessTheConfSaysOtherwise() {
        // The tests run with the launcher's values (surefire's environment in pom.xml), as `./rlhf` runs the driver.
        for (String variable : SparkEngine.MALLOC_VARIABLES) {
            assertNotNull(System.getenv(variable), variable + " is set for the tests");
        }
        SparkConf conf = SparkEngine.of("spark://127.0.0.1:7077").sparkConf("test");
        for (String variable : SparkEngine.MALLOC_VARIABLES) {
            assertEquals(conf.get("spark.executorEnv." + variable), System.getenv(variable), variable);
        }
        SparkConf overridden = SparkEngine.of("spark://127.0.0.1:7077")
                .withConf(Map.of("spark.executorEnv.MALLOC_ARENA_MAX", "4")).sparkConf("test");
        assertEquals(overridden.get("spark.executorEnv.MALLOC_ARENA_MAX"), "4");
        assertEquals(overridden.get("spark.executorEnv.MALLOC_MMAP_MAX_"), System.getenv("MALLOC_MMAP_MAX_"));
    }
}
