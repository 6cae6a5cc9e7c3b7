import ArgumentParser
import Foundation
import PalisadeCore

/// `palisade apns …`
struct APNs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apns",
        abstract: "Manage the MDM push certificate (Apple Push Notification service).",
        subcommands: [Import.self, Show.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the MDM push certificate and its private key (PEM files).",
            discussion: """
                Refuses a certificate whose topic differs from the current one unless --allow-topic-change: a new \
                topic strands every enrolled device until it re-enrols. Renew at Apple's Push Certificates Portal \
                with the same Apple ID to keep the topic.
                """
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "Certificate PEM file.") var certificate: String
        @Argument(help: "Private key PEM file.") var key: String
        @Flag(help: "Accept a new topic (every device must re-enrol).") var allowTopicChange = false

        func run() async throws {
            let certificatePEM = try String(contentsOfFile: certificate, encoding: .utf8)
            let keyPEM = try String(contentsOfFile: key, encoding: .utf8)
            let value = try await options.client().send("PUT", "/api/apns/certificate", body: .object([
                "certificatePEM": .string(certificatePEM), "privateKeyPEM": .string(keyPEM), "allowTopicChange": .bool(allowTopicChange),
            ]))
            if let previous = value["previousTopic"]?.stringValue, previous != value["topic"]?.stringValue {
                Output.line("WARNING: the topic changed from \(previous): every device enrolled under it must re-enrol")
            }
            Output.line("imported push certificate: topic \(value["topic"]?.stringValue ?? "?"), expires \(value["notValidAfter"]?.stringValue ?? "?")")
            if let warning = value["warning"]?.stringValue { Output.line("WARNING: \(warning)") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the push certificate in use and when it expires.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let value = try await options.client().send("GET", "/api/apns/certificate")
            options.show(value, columns: ["topic", "notValidAfter", "development", "warning"])
        }
    }
}
