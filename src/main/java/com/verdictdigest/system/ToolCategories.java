package com.verdictdigest.system;

import java.util.List;

/**
 * The categories a reader can follow: the catalog's tool categories. Declared here so the sign-up
 * form can offer them without the subscribers module knowing the catalog (the catalog provides it).
 */
public interface ToolCategories {

    /** Every category in use, in display order. */
    List<String> names();
}
