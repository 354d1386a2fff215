package com.verdictdigest.cli;

import picocli.CommandLine.IVersionProvider;

class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = VerdictCli.class.getPackage().getImplementationVersion();
        return new String[] {"verdict-digest " + (v == null ? "dev" : v)};
    }
}
