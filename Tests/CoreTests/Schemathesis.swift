import Foundation
import PalisadeCore
import TestSupport

/// schemathesis (PyPI), the property-based fuzzer for OpenAPI documents: where this machine has it, and whether
/// this run must have it. `.ci/run` installs the pinned version and sets `PALISADE_REQUIRE_SCHEMATHESIS=1`.
enum Schemathesis {
    /// The version `.ci/run` installs, the one the flags and the role check are written for.
    static let pinnedVersion = "4.32.5"

    /// The `schemathesis` executable on `PATH` (or in pip's `~/.local/bin`), if any.
    static let executable: String? = {
        let environment = ProcessInfo.processInfo.environment
        var directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if let home = environment["HOME"] { directories.append(home + "/.local/bin") }
        return directories.map { $0 + "/schemathesis" }.first { ExternalTool.available($0) }
    }()

    /// CI, or anyone who sets `PALISADE_REQUIRE_SCHEMATHESIS=1`, wants a missing schemathesis to fail the run
    /// rather than skip the fuzzing.
    static let isRequired = ExternalToolPolicy.isRequired || ProcessInfo.processInfo.environment["PALISADE_REQUIRE_SCHEMATHESIS"] == "1"

    static let missing = "schemathesis is not installed: pip install schemathesis==\(pinnedVersion) (.ci/run does)"

    /// The settings of the run (checks, bounds, seed, the exceptions and why), shared with a run by hand.
    static let configuration = directory.appendingPathComponent("schemathesis.toml").path

    /// The role check and the cursor rule, which schemathesis loads as hooks.
    static let hooks = directory.appendingPathComponent("role_refusal.py").path

    private static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Schemathesis")

    /// Runs `schemathesis run` against the admin API at `url` (loopback only) as the administrator holding
    /// `token`, probing each request again with `lesserTokens`.
    static func run(url: String, token: String, lesserTokens: [Role: String], in directory: URL) throws -> ExternalTool.Result {
        guard let executable, url.hasPrefix("http://127.0.0.1:") else { throw LiveCoreError("only loopback may be fuzzed: \(url)") }
        let roles = JSONValue.object(Dictionary(uniqueKeysWithValues: lesserTokens.map { ($0.key.rawValue, .string($0.value)) }))
        return try ExternalTool.run(executable, [
            "--config-file", configuration, "run", url + "/api/openapi.json", "--url", url,
        ], in: directory, environment: [
            "PALISADE_TOKEN": token,
            "PALISADE_ROLE_TOKENS": String(decoding: roles.encoded(), as: UTF8.self),
            "SCHEMATHESIS_HOOKS": hooks,
        ])
    }
}
