import ArgumentParser
import Foundation
import PalisadeCore

/// Where the admin API is and how to authenticate: flags, else `PALISADE_URL` and `PALISADE_TOKEN`.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "Admin API URL (default: $PALISADE_URL, else http://127.0.0.1:8440).")
    var url: String?

    @Option(name: .long, help: "Admin API token (default: $PALISADE_TOKEN).")
    var token: String?

    @Option(name: .long, help: "PEM file of the CA the admin API's certificate chains to (default: $PALISADE_CA_FILE; a core writes palisade-ca.pem to its data directory).")
    var caFile: String?

    @Flag(name: .long, help: "Print the API's JSON instead of a table.")
    var json = false

    func client() throws -> AdminClient {
        let environment = ProcessInfo.processInfo.environment
        let text = url ?? environment["PALISADE_URL"] ?? "http://127.0.0.1:8440"
        guard let base = URL(string: text), base.scheme == "http" || base.scheme == "https" else {
            throw CLIError("'\(text)' is not an http(s) URL")
        }
        guard let token = token ?? environment["PALISADE_TOKEN"], !token.isEmpty else {
            throw CLIError("no token: pass --token or set PALISADE_TOKEN (palisade up prints one on first run)")
        }
        return AdminClient(baseURL: base, token: token, caFile: caFile ?? environment["PALISADE_CA_FILE"])
    }

    /// Prints the value as JSON, or as a table of the given columns.
    func show(_ value: JSONValue, columns: [String]) {
        if json {
            Output.line(String(decoding: value.encodedPretty(), as: UTF8.self))
            return
        }
        let rows: [JSONValue] = value["items"]?.arrayValue ?? [value]
        Output.line(Table.render(rows: rows, columns: columns))
        if let next = value.objectValue?["nextCursor"], case .string(let cursor) = next {
            Output.line("more: --cursor \(cursor)")
        }
    }
}

extension JSONValue {
    func encodedPretty() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }
}
