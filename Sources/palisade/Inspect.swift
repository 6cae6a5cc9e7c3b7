import ArgumentParser
import Foundation
import Inspection

/// `palisade inspect`: runs the edge's inspection on a captured request, offline.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge a captured device request as the edge's inspection would.",
        discussion: """
            Prints the verdict, the anomaly score and every rule that fired, and exits 0 when the request would pass \
            and 1 when it would be refused, so rules can be tried offline and in scripts. For checkin and command the \
            body is a plist file; for scep a DER pkiMessage (POST). A check-in is sent with its content type unless \
            --header overrides it.
            """
    )

    enum Endpoint: String, ExpressibleByArgument, CaseIterable {
        case checkin, command, scep
    }

    @Option(help: "checkin, command or scep.") var endpoint: Endpoint
    @Option(name: .customLong("header"), help: "A request header as Name:Value (repeatable), such as Mdm-Signature:MIAG….")
    var headers: [String] = []
    @Flag(help: "Report as detect-only mode would (always exits 0).") var detectOnly = false
    @Argument(help: "The captured request body.") var file: String

    func run() throws {
        let body = try Data(contentsOf: URL(fileURLWithPath: file))
        var fields: [(name: String, value: String)] = []
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else { throw ValidationError("--header must look like Name:Value") }
            fields.append((String(header[..<colon]), String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        let (method, target): (String, String) = switch endpoint {
        case .checkin: ("PUT", "/mdm/checkin")
        case .command: ("PUT", "/mdm/connect")
        case .scep: ("POST", "/scep?operation=PKIOperation")
        }
        if !fields.contains(where: { $0.name.lowercased() == "content-type" }) {
            switch endpoint {
            case .checkin: fields.append(("Content-Type", "application/x-apple-aspen-mdm-checkin"))
            case .scep: fields.append(("Content-Type", "application/x-pki-message"))
            case .command: break
            }
        }
        var policy = InspectionPolicy.standard
        policy.detectOnly = detectOnly
        let verdict = Inspector(policy: policy).inspect(InspectedRequest(
            method: method, target: target, headers: InspectedHeaders(fields), body: body, sourceAddress: "127.0.0.1", receivedAt: Date()
        ))
        Output.line(verdict.report)
        if !verdict.decision.isPass { throw ExitCode(1) }
    }
}
