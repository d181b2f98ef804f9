package io.switchboard.launcher.doctor;

/** The outcome of one link of the chain: passed, or broken with what a person should do about it. */
public record Check(String name, boolean ok, String detail, String fix) {
    static Check pass(String name, String detail) {
        return new Check(name, true, detail, null);
    }

    static Check fail(String name, String detail, String fix) {
        return new Check(name, false, detail, fix);
    }

    /** One line with ✓ or ✗, and the fix on the next line when broken. */
    public String render() {
        String line = (ok ? "✓ " : "✗ ") + name + " — " + detail;
        return ok || fix == null ? line : line + System.lineSeparator() + "    fix: " + fix;
    }
}
