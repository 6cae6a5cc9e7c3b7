import ArgumentParser
import Foundation
import PalisadeCore

/// `palisade enroll …`
struct Enroll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make enrolment profiles, invitation links and multi-use enrolment links.",
        subcommands: [IOS.self, Links.self, RevokeLink.self]
    )

    /// The columns a link is shown with.
    static let linkColumns = ["id", "state", "uses", "maximumUses", "downloads", "ownership", "expiresAt", "url"]

    struct IOS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ios",
            abstract: "Make an enrolment invitation for one iPhone or iPad, and its .mobileconfig.",
            discussion: """
                Each run makes an invitation with a one-time SCEP challenge. --out writes the profile (CMS-signed \
                unless --unsigned); --invite prints the link to send to the device's user \
                (https://<device URL>/enroll/<invitation>), which serves the same profile until a device spends \
                the challenge or the invitation expires.

                --link --uses N --expires DATE makes one link for a batch of devices instead: each download \
                serves a profile with a fresh one-time challenge, and up to N devices may enrol through it until \
                DATE (RFC 3339, e.g. 2026-12-31T00:00:00Z). A use is counted when a device enrols; list links and \
                their uses with 'palisade enroll links', and end one early with 'palisade enroll revoke-link ID'.
                """
        )
        @OptionGroup var options: ClientOptions
        @Flag(help: "Print the invitation link for the user to open on the device.") var invite = false
        @Option(help: "Write the .mobileconfig here.") var out: String?
        @Flag(help: "Write the profile unsigned.") var unsigned = false
        @Option(help: "corporate (default) or personal.") var ownership: String = "corporate"
        @Flag(help: "Make a link that enrols up to --uses devices until --expires, and print it.") var link = false
        @Option(help: "With --link: how many devices may enrol through it.") var uses: Int?
        @Option(help: "With --link: when it stops working (RFC 3339, e.g. 2026-12-31T00:00:00Z).") var expires: String?

        func validate() throws {
            guard Ownership(rawValue: ownership) != nil else { throw ValidationError("--ownership must be corporate or personal") }
            if link {
                guard !invite, out == nil, !unsigned else {
                    throw ValidationError("--link serves a fresh profile on each download; it takes no --invite, --out or --unsigned")
                }
                guard let uses, let expires else { throw ValidationError("--link needs --uses N and --expires DATE") }
                guard uses > 0 else { throw ValidationError("--uses must be at least 1") }
                guard (try? Date(expires, strategy: .iso8601)) != nil else {
                    throw ValidationError("--expires must be an RFC 3339 date-time such as 2026-12-31T00:00:00Z")
                }
                return
            }
            guard uses == nil, expires == nil else { throw ValidationError("--uses and --expires go with --link") }
            guard invite || out != nil else { throw ValidationError("give --out FILE, --invite, or both; or --link") }
        }

        func run() async throws {
            let client = try options.client()
            if link, let uses, let expires {
                let made = try await client.send("POST", "/api/enrollment-links", body: .object([
                    "platform": .string("ios"), "ownership": .string(ownership),
                    "maximumUses": .number(Double(uses)), "expiresAt": .string(expires),
                ]))
                guard let url = made["url"]?.stringValue, let id = made["id"]?.stringValue else {
                    throw CLIError("the admin API returned no enrolment link")
                }
                Output.line("enrolment link: \(url)")
                Output.line("id: \(id)  uses: \(uses)  expires: \(made["expiresAt"]?.stringValue ?? expires)")
                return
            }
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

    struct Links: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List multi-use enrolment links, newest first, with their uses counted."
        )
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let value = try await options.client().send("GET", "/api/enrollment-links")
            options.show(value, columns: Enroll.linkColumns)
        }
    }

    struct RevokeLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-link",
            abstract: "Revoke a multi-use enrolment link: it serves nothing more, and its unspent challenges stop working."
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The link's id.") var id: String

        func run() async throws {
            let value = try await options.client().send("POST", "/api/enrollment-links/\(id)/revoke")
            options.show(value, columns: Enroll.linkColumns)
        }
    }
}
