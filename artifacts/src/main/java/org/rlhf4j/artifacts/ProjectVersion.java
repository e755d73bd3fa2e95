package org.rlhf4j.artifacts;

/** The version of rlhf4j, as packaged in the jar manifest (or the development version when run from classes). */
public final class ProjectVersion {

    private static final String DEVELOPMENT = "0.1.0-SNAPSHOT";

    private ProjectVersion() {}

    public static String get() {
        String v = ProjectVersion.class.getPackage().getImplementationVersion();
        return v == null ? DEVELOPMENT : v;
    }
}
