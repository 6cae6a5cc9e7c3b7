import ArgumentParser
import Core
import Foundation
import PalisadeCore
import PKI
import Storage

/// `palisade keys …`: the key-encryption key, run on a core's host against its configuration and database.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rotate the key-encryption key that seals secrets in the database, and show which keys seal what.",
        subcommands: [Rotate.self, Status.self]
    )

    /// What both subcommands read: a core's configuration, and how to print.
    struct Options: ParsableArguments {
        @Option(help: "The core's configuration file (default: the environment and ./palisade-data, as 'palisade core').") var config: String?
        @Flag(help: "Print JSON.") var json = false

        func keyFiles() throws -> (CoreConfiguration, KeyEncryptionKeyFiles) {
            let configuration = try CoreLauncher.configuration(file: config)
            return (configuration, CoreServer.keyEncryptionKeyFiles(configuration))
        }

        func show(_ value: JSONValue) {
            Output.line(String(decoding: value.encodedPretty(), as: UTF8.self))
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new key-encryption key and re-seal every sealed secret in the database under it.",
            discussion: """
                Sealed secrets: CA, profile-signer, device-TLS and push-certificate keys, enrolment challenges, unlock \
                and bootstrap tokens. The old key moves to the retired directory beside the key file \
                (<key file>.retired/<identifier>) before anything is re-sealed, and stays there: running cores open \
                values under either key, and a rotation stopped midway loses nothing (run it again). Delete a retired \
                key once 'palisade keys status' shows no value under it. With PALISADE_KEK, the new key is written to \
                the retired directory and every core must get it in PALISADE_KEK and be restarted.
                """
        )
        @OptionGroup var options: Options

        func run() async throws {
            let (configuration, files) = try options.keyFiles()
            let report = try await CoreLauncher.withDatabase(configuration) { (storage: SQLStorage) async throws -> KeyRotation.Report in
                do {
                    return try await KeyRotation.rotate(files: files, store: storage, clock: SystemWallClock())
                } catch let error as KeyEncryptionError {
                    throw CLIError("\(error); nothing was changed")
                }
            }
            if options.json {
                var json = report.json
                if case .object(var fields) = json {
                    fields["newKeyFile"] = .string(report.newKeyFile)
                    json = .object(fields)
                }
                options.show(json)
            } else {
                Output.line(Self.describe(report, files: files))
            }
        }

        static func describe(_ report: KeyRotation.Report, files: KeyEncryptionKeyFiles) -> String {
            var lines = [
                "new key-encryption key: \(report.newKey) (\(report.newKeyFile))",
                "retired key:            \(report.previousKey) (\(files.retiredFile(for: report.previousKey).path))",
                "re-sealed:",
            ]
            for item in SealedItem.allCases {
                lines.append("  \(item.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(report.resealed[item] ?? 0)")
            }
            if files.environmentKey != nil {
                lines.append("""
                    PALISADE_KEK still holds the old key: set it on every core to the contents of \(report.newKeyFile) and \
                    restart them. Until then they open values sealed under the new key from that file, and seal new values \
                    under the old one ('palisade keys rotate' again re-seals those).
                    """)
            } else {
                lines.append("""
                    Running cores load the new key when they first meet a value sealed under it. Cores on other hosts need \
                    the new key file and \(files.retiredDirectory.path) copied to them.
                    """)
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the current and retired key-encryption keys and how many sealed values each one seals."
        )
        @OptionGroup var options: Options

        func run() async throws {
            let (configuration, files) = try options.keyFiles()
            let status: KeyStatus
            do {
                status = try await CoreLauncher.withDatabase(configuration) { try await KeyStatus.read(files: files, store: $0) }
            } catch let error as KeyEncryptionError {
                throw CLIError("\(error)")
            }
            if options.json {
                options.show(status.json)
            } else {
                Output.line(Self.describe(status, files: files))
            }
            if !status.missingKeys.isEmpty { throw ExitCode(1) }
        }

        static func describe(_ status: KeyStatus, files: KeyEncryptionKeyFiles) -> String {
            let source = files.environmentKey != nil ? "PALISADE_KEK" : files.currentFile.path
            var lines = ["current key: \(status.currentKey) (\(source)): \(status.values(under: status.currentKey)) sealed values"]
            for retired in status.retiredKeys {
                let count = status.values(under: retired)
                lines.append("retired key: \(retired) (\(files.retiredFile(for: retired).path)): \(count) sealed values\(count == 0 ? "; may be deleted once every core has restarted since the rotation" : "")")
            }
            for missing in status.missingKeys {
                lines.append("MISSING key: \(missing): \(status.values(under: missing)) sealed values will not open until its file is put at \(files.retiredFile(for: missing).path)")
            }
            for item in SealedItem.allCases {
                let perKey = (status.counts[item] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                lines.append("  \(item.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(perKey.isEmpty ? "none" : perKey.joined(separator: ", "))")
            }
            if files.environmentKey != nil {
                lines.append("PALISADE_KEK gives the current key: a key 'palisade keys rotate' made waits in the retired directory until PALISADE_KEK is set to it.")
            }
            return lines.joined(separator: "\n")
        }
    }
}
