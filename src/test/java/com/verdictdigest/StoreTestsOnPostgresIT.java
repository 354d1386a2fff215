package com.verdictdigest;

import com.verdictdigest.support.StoreTest;
import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every {@link StoreTest} again, on a real PostgreSQL (embedded): the fast run ({@code mvn test})
 * has them on H2, this suite in {@code mvn verify}.
 */
@Suite
@SelectPackages("com.verdictdigest")
@IncludeTags(StoreTest.TAG)
@ConfigurationParameter(key = StoreTest.STORES, value = "postgres")
class StoreTestsOnPostgresIT {
}
