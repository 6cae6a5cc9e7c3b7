import ArgumentParser
import Foundation
import PalisadeCore

/// `palisade enroll …`
struct Enroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make enrolment profiles and invitation links.",
        subcommands: [IOS.self]
    )

    struct IOS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ios",
            abstract: "Make an enrolment invitation for one iPhone or iPad, and its .mobileconfig.",
            discussion: """
                Each run makes an invitation with a one-time SCEP challenge. --out writes the profile (CMS-signed \
                unless --unsigned); --invite prints the link to send to the device's user \
                (https://<device URL>/enroll/<invitation>), which serves the same profile until a device spends \
                the challenge or the invitation expires.
                """
        )
        @OptionGroup var options: ClientOptions
        @Flag(help: "Print the invitation link for the user to open on the device.") var invite = false
        @Option(help: "Write the .mobileconfig here.") var out: String?
        @Flag(help: "Write the profile unsigned.") var unsigned = false
        @Option(help: "corporate (default) or personal.") var ownership: String = "corporate"

        func validate() throws {
            guard invite || out != nil else { throw ValidationError("give --out FILE, --invite, or both") }
            guard Ownership(rawValue: ownership) != nil else { throw ValidationError("--ownership must be corporate or personal") }
        }

        func run() async throws {
            let client = try options.client()
            let invitation = try await client.send("POST", "/api/enrollment-invitations", body: .object([
                "platform": .string("ios"), "ownership": .string(ownership),
            ]))
            guard let id = invitation["id"]?.stringValue, let url = invitation["url"]?.stringValue else {
                throw CLIError("the admin API returned no invitation")
            }
            if let out {
                let profile = try await client.download(
                    "/api/enrollment-invitations/\(id)/profile", query: unsigned ? ["unsigned": "1"] : [:]
                )
                try profile.write(to: URL(fileURLWithPath: out))
                Output.line("wrote \(unsigned ? "unsigned" : "signed") profile to \(out) (invitation \(id))")
            }
            if invite {
                Output.line("invitation link: \(url)")
                Output.line("expires: \(invitation["expiresAt"]?.stringValue ?? "-")")
            }
        }
    }
}
