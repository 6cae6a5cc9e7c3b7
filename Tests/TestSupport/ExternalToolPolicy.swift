import Foundation

/// Whether a test that needs an independent implementation (OpenSSL, micromdm's scepclient, Python's
/// `cryptography`, schemathesis) may be skipped when it is missing. On a developer's machine a missing tool is a
/// skip with a printed reason; in CI (`CI` set, as `.ci/run` runs) or with `PALISADE_REQUIRE_EXTERNAL_TOOLS=1` it
/// is a failure, since `.ci/run` installs every one of them.
public enum ExternalToolPolicy {
    public static let isRequired: Bool = {
        let environment = ProcessInfo.processInfo.environment
        let ci = environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
        return ci || environment["PALISADE_REQUIRE_EXTERNAL_TOOLS"] == "1"
    }()

    /// For `.enabled(if:)`: a test whose tool is `present` runs; one whose tool is missing runs only when this run
    /// must have it (and then its own `#require` fails), and is otherwise skipped with the trait's reason.
    public static func runs(present: Bool) -> Bool { present || isRequired }

    /// The executable `name` on `PATH` (else in `/usr/bin`), or `nil` when this machine lacks it.
    public static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return (path.split(separator: ":").map { "\($0)/\(name)" } + ["/usr/bin/\(name)"])
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
